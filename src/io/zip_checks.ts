// Checked reading of zip archives (`.keras` files). Every member's central-directory entry is compared with its
// local header, its declared sizes must fit inside the archive, and its bytes are decompressed into a buffer
// of exactly the declared size and verified against the stored CRC-32: a flipped bit anywhere in a member, a
// truncated archive or a member whose declared size lies is an error naming the member. Zip bombs are refused
// before anything is inflated: a limit on each member, on the archive's total, and on the compression ratio.
// Python's zipfile (which Keras uses) writes stored or deflated members; both are read (deflate via fflate).
import { inflateSync } from 'fflate';
import { ValueError } from '../errors.js';

/** Largest uncompressed member, largest uncompressed total, largest ratio (uncompressed / compressed) past 1 MiB. */
export const ZIP_LIMITS = { member: 2 ** 31 - 1, total: 2 ** 31, ratio: 200, ratioFloor: 2 ** 20, members: 10000 };

let table: Uint32Array | null = null;

/** CRC-32 (ISO-HDLC, the zip checksum) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** The member names of a zip archive, from its end alone (`bytes` may be the archive's last bytes only). */
export function zipMemberNames(bytes: Uint8Array): string[] {
  return entries(bytes, 'zip', true).map((e) => e.name);
}

/** The central directory's entries, after bounds checks; `fromEnd`: locate it just before the end record. */
function entries(bytes: Uint8Array, where: string, fromEnd = false): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end-of-central-directory record: the last signature within 22 + 65535 bytes of the end
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ValueError(`${where}: not a complete zip archive (no end-of-central-directory record; the file is truncated or not a zip)`);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = fromEnd ? eocd - cdSize : view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ValueError(`${where}: a ZIP64 archive (members over 4 GiB) is larger than rnnkit reads`);
  if (count > ZIP_LIMITS.members) throw new ValueError(`${where}: the archive lists ${count} members, more than the limit of ${ZIP_LIMITS.members}`);
  if (cdOffset < 0 || cdOffset + cdSize > eocd) throw new ValueError(`${where}: the zip central directory (${cdSize} bytes at ${cdOffset}) lies outside the file (truncated or corrupt)`);
  const out: Entry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) throw new ValueError(`${where}: zip central directory entry ${k} is corrupt`);
    const nameLength = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) throw new ValueError(`${where}: zip central directory entry ${k} is corrupt`);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (names.has(name)) throw new ValueError(`${where}: the archive holds member '${name}' twice`);
    names.add(name);
    out.push({
      name,
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressed: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extra + comment;
  }
  return out;
}

/**
 * The members of zip archive `bytes` whose names `wanted` accepts, each verified (sizes, CRC-32); every other
 * member is checked too (header, sizes, limits, CRC-32). Throws a ValueError naming `where` and the member.
 */
export function readZipChecked(bytes: Uint8Array, where: string, wanted: (name: string) => boolean = () => true): Record<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const list = entries(bytes, where);
  let total = 0;
  for (const e of list) {
    const here = `${where}: member '${e.name}'`;
    if (e.size > ZIP_LIMITS.member) throw new ValueError(`${here} declares ${e.size} bytes, more than the limit of ${ZIP_LIMITS.member}`);
    total += e.size;
    if (total > ZIP_LIMITS.total) throw new ValueError(`${where}: the members declare ${total} bytes in all, more than the limit of ${ZIP_LIMITS.total} (a zip bomb?)`);
    if (e.size > ZIP_LIMITS.ratioFloor && e.size > ZIP_LIMITS.ratio * Math.max(1, e.compressed)) {
      throw new ValueError(`${here} would expand ${e.compressed} bytes to ${e.size} (ratio over ${ZIP_LIMITS.ratio}; a zip bomb?)`);
    }
    if (e.method !== 0 && e.method !== 8) throw new ValueError(`${here} uses compression method ${e.method}; rnnkit reads stored (0) and deflated (8) members`);
    if (e.flags & 1) throw new ValueError(`${here} is encrypted`);
    if (e.method === 0 && e.compressed !== e.size) throw new ValueError(`${here} is stored but declares ${e.compressed} bytes packed and ${e.size} unpacked`);
  }
  const out: Record<string, Uint8Array> = {};
  for (const e of list) {
    const here = `${where}: member '${e.name}'`;
    const h = e.offset;
    if (h + 30 > bytes.length || view.getUint32(h, true) !== 0x04034b50) throw new ValueError(`${here}: no local header at offset ${h} (the archive is corrupt or truncated)`);
    const nameLength = view.getUint16(h + 26, true);
    const extra = view.getUint16(h + 28, true);
    const localName = new TextDecoder().decode(bytes.subarray(h + 30, Math.min(bytes.length, h + 30 + nameLength)));
    if (localName !== e.name) throw new ValueError(`${here}: the local header names it '${localName}' (members swapped or corrupt)`);
    if (!(e.flags & 8)) {
      // without a data descriptor the local header repeats the sizes and checksum
      const [crc, compressed, size] = [view.getUint32(h + 14, true), view.getUint32(h + 18, true), view.getUint32(h + 22, true)];
      if (crc !== e.crc || compressed !== e.compressed || size !== e.size) {
        throw new ValueError(`${here}: the local header (crc ${crc.toString(16)}, ${compressed}/${size} bytes) disagrees with the central directory (crc ${e.crc.toString(16)}, ${e.compressed}/${e.size} bytes)`);
      }
    }
    const start = h + 30 + nameLength + extra;
    if (start + e.compressed > bytes.length) throw new ValueError(`${here} needs ${e.compressed} bytes at offset ${start} but the file ends at ${bytes.length} (truncated)`);
    const packed = bytes.subarray(start, start + e.compressed);
    let data: Uint8Array;
    if (e.method === 0) data = packed;
    else {
      try {
        // the output buffer has exactly the declared size: a member cannot inflate past it
        data = inflateSync(packed, { out: new Uint8Array(e.size) });
      } catch (err) {
        throw new ValueError(`${here}: corrupt deflate data (${(err as Error).message})`);
      }
      if (data.length !== e.size) throw new ValueError(`${here} inflates to ${data.length} bytes but declares ${e.size}`);
    }
    const actual = crc32(data);
    if (actual !== e.crc) throw new ValueError(`${here} fails its CRC-32 check (stored ${e.crc.toString(16).padStart(8, '0')}, computed ${actual.toString(16).padStart(8, '0')}): the file is corrupt`);
    if (wanted(e.name)) out[e.name] = data;
  }
  return out;
}
