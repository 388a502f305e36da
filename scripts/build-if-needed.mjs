// Builds dist/ with tsc when it is missing or older than any source file. Used by `npm start`,
// `npm install` (prepare) and the wraparound command, so a fresh clone needs no separate build step.
// Several wraparound commands may start at once (a test suite, two terminals): a lock file makes
// one of them build while the others wait, so nobody runs a half-written dist/.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'dist', 'src', 'cli.js');
const lockFile = join(root, 'dist', '.build.lock');
const LOCK_WAIT_MS = 5 * 60_000;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function isStale() {
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return newest(join(root, 'src')) > built || statSync(join(root, 'tsconfig.build.json')).mtimeMs > built;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes the build lock, waiting while another live process holds it; a dead holder's lock is taken over. */
function lock() {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    } catch {
      continue; // removed in the meantime: try again
    }
    if (Number.isInteger(holder) && !isRunning(holder)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      console.error(`Another build (pid ${holder}) has held ${lockFile} for too long; remove it if no build is running.`);
      process.exit(1);
    }
    sleep(100);
  }
}

function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error('TypeScript is not installed: run npm install first.');
    process.exit(1);
  }
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  // tsc leaves unchanged outputs alone; touch the marker so the next check is quick.
  const now = new Date();
  utimesSync(marker, now, now);
}

if (isStale()) {
  const unlock = lock();
  try {
    // Somebody else may have built while we waited for the lock.
    if (isStale()) build();
  } finally {
    unlock();
  }
}
