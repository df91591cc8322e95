// Whether a save may replace what is already at its path (Keras's `overwrite` option). rnnkit never silently
// replaces something that is not an artifact of the kind being written: by default an existing `.keras` file
// must be a zip holding config.json, a `.weights.h5` file an HDF5 file, a model directory one holding
// model.json. `overwrite: true` replaces any file (never a directory of other things); `overwrite: false`
// replaces nothing.
import { ValueError } from '../errors.js';
import { detectContainer, nodeModules } from './files.js';
import { fileError } from './fs_errors.js';
import { zipMemberNames } from './zip_checks.js';

/** What a save writes. */
export type ArtifactKind = 'keras' | 'weights' | 'h5' | 'tfjs-dir';

const described: Record<ArtifactKind, string> = {
  keras: 'a .keras model file',
  weights: 'a .weights.h5 weights file',
  h5: 'a Keras .h5 model file',
  'tfjs-dir': 'a TF.js model directory',
};

/** Whether a file with first bytes `head` and last bytes `tail` is an artifact of `kind`. */
function isKind(head: Uint8Array, tail: Uint8Array, kind: ArtifactKind): boolean {
  const container = detectContainer(head);
  if (kind === 'weights' || kind === 'h5') return container === 'hdf5';
  if (kind === 'keras') {
    if (container === 'hdf5') return true; // Keras 2 tools wrote HDF5 into files named .keras
    if (container !== 'zip') return false;
    try {
      return zipMemberNames(tail).includes('config.json');
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Throws unless a save of `kind` may write `path` (see the header). Keras: `overwrite` defaults to True and
 * replaces anything (asking first when False); rnnkit's default replaces only an artifact of the same kind,
 * and with `overwrite: false` refuses instead of prompting.
 */
export async function checkReplaceable(path: string, kind: ArtifactKind, overwrite: boolean | undefined): Promise<void> {
  if (overwrite !== undefined && typeof overwrite !== 'boolean') throw new ValueError(`save: 'overwrite' must be true or false, got ${JSON.stringify(overwrite)}`);
  const { fs, path: p } = await nodeModules();
  const stat = await fs.lstat(path).catch((e: { code?: string }) => {
    if (e.code === 'ENOENT') return null;
    throw fileError(e, path, `a path for ${described[kind]}`);
  });
  if (!stat) return;
  const advice = `pass { overwrite: true } to replace it`;
  if (overwrite === false) throw new ValueError(`${path}: already exists and overwrite is false; not replacing it`);
  if (kind === 'tfjs-dir') {
    if (!stat.isDirectory()) throw new ValueError(`${path}: exists and is not a directory; not replacing it with ${described[kind]}${overwrite ? '' : ` (${advice})`}`);
    const entries = await fs.readdir(path).catch((e) => { throw fileError(e, path, 'a readable directory'); });
    if (entries.length > 0 && !entries.includes('model.json')) throw new ValueError(`${path}: exists, is not empty and holds no model.json; not replacing it (rnnkit never deletes a directory of other files)`);
    return;
  }
  if (stat.isDirectory()) throw new ValueError(`${path}: is a directory; expected ${described[kind]}`);
  if (overwrite === true) return;
  if (!stat.isFile()) throw new ValueError(`${path}: exists and is not a regular file; not replacing it (${advice})`);
  const file = await fs.open(path, 'r').catch((e) => { throw fileError(e, path, `a readable ${described[kind]}`); });
  const head = new Uint8Array(Math.min(8, stat.size));
  const tail = new Uint8Array(Math.min(stat.size, 2 ** 20));
  try {
    // a zip's member list sits at its end
    await file.read(head, 0, head.length, 0);
    await file.read(tail, 0, tail.length, stat.size - tail.length);
  } finally {
    await file.close();
  }
  if (!isKind(head, tail, kind)) {
    throw new ValueError(`${p.basename(path)} exists at ${path} and is not ${described[kind]}; not replacing it (${advice})`);
  }
}
