import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Only the service's own user may read the embedded database: it holds victims' whereabouts in plain text. */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/**
 * Makes the embedded database's folder the owner's alone (0700, its files 0600), mending what an
 * earlier version left open, and sets the process's umask so that every file the database writes
 * from now on is the owner's alone too (the umask is process-wide; a worker thread cannot set it, so
 * this runs on the main thread before the database opens).
 */
export function keepDataDirPrivate(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  if (isMainThread) process.umask(0o077);
  restrict(dataDir);
}

function restrict(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, DATA_DIR_MODE);
    for (const name of readdirSync(path)) restrict(join(path, name));
  } else {
    chmodSync(path, DATA_FILE_MODE);
  }
}
