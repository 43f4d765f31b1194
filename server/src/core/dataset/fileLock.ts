import { promises as fs } from "node:fs";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/**
 * A cross-process lock file for the dataset (and anything else that appends to a shared file).
 *
 * Why a lock and not just O_APPEND: one write() with O_APPEND is atomic on a local Linux file
 * system in practice, but POSIX promises nothing for regular files, network file systems do not
 * honour it, a write can be short (disk full, signal) and Node may split a large buffer over
 * several write() calls. A record (a trace with its code) is often far above PIPE_BUF. Holding an
 * exclusive lock file (created with O_CREAT|O_EXCL, i.e. fs.open(path, "wx")) for the duration of
 * the append makes "lines never interleave" true everywhere, for any record size.
 *
 * Stale locks: the lock file holds {pid, host, token, time}. A lock whose owner is a dead process
 * on this host, or that is older than staleMs, is broken: it is renamed to a unique name (atomic),
 * the renamed file's token is compared with the one judged stale, and only then removed; if another
 * process re-took the lock in between (token differs), the file is put back with link() (which
 * fails rather than overwrite a lock taken meanwhile) and we keep waiting.
 */
export interface FileLockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned (default 30 s; appends take milliseconds). */
  staleMs?: number;
  signal?: AbortSignal;
}

interface LockInfo {
  pid: number;
  host: string;
  token: string;
  time: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLock(path: string): Promise<{ info?: LockInfo; mtimeMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([fs.readFile(path, "utf8"), fs.stat(path)]);
    try {
      return { info: JSON.parse(text) as LockInfo, mtimeMs: st.mtimeMs };
    } catch {
      return { mtimeMs: st.mtimeMs }; // being written, or torn by a crash: judge by age only
    }
  } catch {
    return undefined; // gone
  }
}

async function breakIfStale(path: string, staleMs: number): Promise<void> {
  const seen = await readLock(path);
  if (!seen) return;
  const age = Date.now() - (seen.info?.time ?? seen.mtimeMs);
  const deadOwner = seen.info && seen.info.host === hostname() && !processAlive(seen.info.pid);
  if (!deadOwner && age < staleMs) return;
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await fs.rename(path, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await readLock(aside);
  if (moved?.info?.token !== seen.info?.token) {
    // We moved a lock that was taken after our look: give it back unless a newer one exists.
    await fs.link(aside, path).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

/** Runs fn while holding the lock file at `path`; always releases it. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = randomUUID();
  const info: LockInfo = { pid: process.pid, host: hostname(), token, time: Date.now() };
  const t0 = Date.now();
  let wait = 2;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const fh = await fs.open(path, "wx");
      try {
        await fh.writeFile(JSON.stringify(info));
      } finally {
        await fh.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    await breakIfStale(path, staleMs);
    if (Date.now() - t0 > timeoutMs) throw new Error(`could not lock ${path} within ${timeoutMs} ms`);
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await fn();
  } finally {
    // Release only our own lock (if it was broken as stale and re-taken, leave the new owner alone).
    const cur = await readLock(path);
    if (cur?.info?.token === token) await fs.unlink(path).catch(() => undefined);
  }
}
