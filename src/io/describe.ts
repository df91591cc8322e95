// What a model file is and who wrote it, for `rnnkit inspect`: the container format and the producer
// recorded in it (TF.js generatedBy / keras_version, .keras metadata.json, .h5 keras_version attribute).
import { FILE_LIMITS, detectContainer, nodeModules, readLimited } from './files.js';
import { withPath } from './fs_errors.js';
import { parseJsonChecked } from './json_checked.js';
import { readH5, stringAttribute } from './hdf5.js';
import { readZipChecked } from './zip_checks.js';

export interface FileDescription {
  path: string;
  format: 'TF.js Layers (model.json)' | 'Keras 3 (.keras zip)' | 'Keras legacy HDF5 (.h5)' | 'unknown';
  producer: string | null;
  bytes: number;
}

export async function describeModelFile(path: string): Promise<FileDescription> {
  const { fs, path: p } = await nodeModules();
  const stat = await withPath(path, 'a model file or directory', () => fs.stat(path));
  const file = stat.isDirectory() ? p.join(path, 'model.json') : path;
  const bytes = await readLimited(file, FILE_LIMITS.weights, 'model file');
  const container = detectContainer(bytes.subarray(0, 8));
  if (container === 'json') {
    const json = parseJsonChecked(new TextDecoder().decode(bytes), file) as { generatedBy?: string; modelTopology?: { keras_version?: string } };
    return { path: file, format: 'TF.js Layers (model.json)', producer: json.generatedBy ?? json.modelTopology?.keras_version ?? null, bytes: bytes.length };
  }
  if (container === 'zip') {
    const meta = readZipChecked(bytes, file, (name) => name === 'metadata.json')['metadata.json'];
    const parsed = meta ? (parseJsonChecked(new TextDecoder().decode(meta), `${file}: metadata.json`) as Record<string, string>) : {};
    const producer = parsed.rnnkit_version ? `rnnkit ${parsed.rnnkit_version} (Keras ${parsed.keras_version} format)` : parsed.keras_version ? `Keras ${parsed.keras_version}` : null;
    return { path: file, format: 'Keras 3 (.keras zip)', producer, bytes: bytes.length };
  }
  if (container === 'hdf5') {
    const version = await readH5(bytes, file, (f) => stringAttribute(f, 'keras_version'));
    return { path: file, format: 'Keras legacy HDF5 (.h5)', producer: version ? `Keras ${String(version)}` : null, bytes: bytes.length };
  }
  return { path: file, format: 'unknown', producer: null, bytes: bytes.length };
}
