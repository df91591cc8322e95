// The package version, written into saved files (generatedBy, keras_version).
export const VERSION = '0.1.0';
