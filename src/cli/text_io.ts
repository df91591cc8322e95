// Reading the text commands' input files: a file or standard input ('-'), decoded as strict UTF-8 (the first
// invalid byte named with its offset), a byte-order mark dropped. Missing files and directories get a message
// saying what was expected.
import { readFile } from 'node:fs/promises';
import { ConfigError, ValueError } from '../errors.js';

/** The text of a UTF-8 file ('-' = stdin). `what` names the file in messages, e.g. 'lines file', 'data file'. */
export async function readUtf8(file: string, what: string, expected: string): Promise<string> {
  let bytes: Uint8Array;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    bytes = Buffer.concat(chunks);
  } else {
    try {
      bytes = await readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new ConfigError(`${what} '${file}' does not exist`);
      if (code === 'EISDIR') throw new ConfigError(`${what} '${file}' is a directory; expected ${expected}`);
      throw new ConfigError(`${what} '${file}': ${(e as Error).message}`);
    }
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    const bad = firstBadByte(bytes);
    throw new ValueError(`${sourceName(file)} is not UTF-8 text (invalid byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad}); save it as UTF-8`);
  }
}

/** 'standard input' for '-', else the quoted file name. */
export const sourceName = (file: string) => (file === '-' ? 'standard input' : `'${file}'`);

/** Offset of the first byte that starts an invalid UTF-8 sequence (lead byte, then the continuation bytes it needs). */
export function firstBadByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    for (let j = 1; j < n; j++) if (i + j >= bytes.length || (bytes[i + j] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0; // overlong forms and surrogates: the decoder refused them; report the start
}
