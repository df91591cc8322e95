// Reading bytes from a URL or a Blob with a size limit: a response whose Content-Length, or whose streamed body,
// exceeds the limit is refused (and the download cancelled) before it fills memory; HTTP failures name the URL
// and status.
import { ValueError } from '../errors.js';
import { concatBytes } from '../io/tfjs_manifest.js';

/** GETs `url` and returns its body; throws a ValueError naming `url` on a network error, a non-2xx status, or more than `limit` bytes. */
export async function fetchLimited(url: string, limit: number, what: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new ValueError(`${url}: cannot fetch the ${what} (${(e as Error)?.message ?? String(e)})`);
  }
  if (!response.ok) throw new ValueError(`${url}: the server answered ${response.status} ${response.statusText}; expected the ${what}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new ValueError(`${url}: the ${what} is ${declared} bytes, more than the limit of ${limit}`);
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new ValueError(`${url}: the ${what} is more than the limit of ${limit} bytes`);
    }
    parts.push(value);
  }
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

/** The bytes of a Blob or File, after checking its size against `limit`. */
export async function blobLimited(blob: Blob, limit: number, what: string, name: string): Promise<Uint8Array> {
  if (blob.size > limit) throw new ValueError(`${name}: the ${what} is ${blob.size} bytes, more than the limit of ${limit}`);
  return new Uint8Array(await blob.arrayBuffer());
}
