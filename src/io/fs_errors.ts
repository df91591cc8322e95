// File-system failures as rnnkit errors: Node's ENOENT / EACCES / EISDIR … become one line naming the path,
// what went wrong in words, and what was expected there, instead of a raw stack from `fs`.
import { RnnkitError, ValueError } from '../errors.js';

const reasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of this path is not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'the file is busy',
  ENOTEMPTY: 'the directory is not empty',
  EXDEV: 'cannot rename across devices',
};

/** Whether `e` is a Node system error (has a string `code` such as 'ENOENT'). */
export function isSystemError(e: unknown): e is Error & { code: string; path?: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && /^E[A-Z]+$/.test((e as unknown as { code: string }).code);
}

/**
 * A ValueError for a failed file-system call on `path`: "<path>: <reason in words> (<code>); expected <expected>".
 * rnnkit errors pass through unchanged.
 */
export function fileError(e: unknown, path: string, expected: string): Error {
  if (e instanceof RnnkitError) return e;
  if (isSystemError(e)) {
    // mkdir -p through a plain file reports EEXIST on the file: the parent is not a directory
    const notDir = e.code === 'EEXIST' && (e as { syscall?: string }).syscall === 'mkdir' && e.path !== path;
    const reason = notDir ? reasons.ENOTDIR : reasons[e.code] ?? e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    const other = e.path && e.path !== path && !e.path.includes('.tmp-') ? ` (at ${e.path})` : '';
    return new ValueError(`${path}: ${reason}${other} [${e.code}]; expected ${expected}`);
  }
  return e instanceof Error ? e : new ValueError(`${path}: ${String(e)}`);
}

/** Runs `action`; a file-system error becomes `fileError(e, path, expected)`. */
export async function withPath<T>(path: string, expected: string, action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (e) {
    throw fileError(e, path, expected);
  }
}
