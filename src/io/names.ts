// Name conversions between rnnkit's camelCase configs and the snake_case of Keras and TF.js files
// (tfjs-layers serialization_utils toSnakeCase / toCamelCase).

/** 'returnSequences' → 'return_sequences', 'LSTM' stays 'lstm'-like per TF.js's rule. */
export function toSnakeCase(name: string): string {
  const s1 = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  return s1.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** 'return_sequences' → 'returnSequences'; strings without '_' are returned unchanged. */
export function toCamelCase(name: string): string {
  return name.includes('_') ? name.replace(/_(.)/g, (_m, c: string) => c.toUpperCase()) : name;
}
