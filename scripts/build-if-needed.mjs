// Builds dist/ with tsc when it is missing or older than any source file. Used by `npm start`,
// `npm install` (prepare) and the wraparound command, so a fresh clone needs no separate build step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'dist', 'src', 'cli.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const stale = !existsSync(marker) || newest(join(root, 'src')) > statSync(marker).mtimeMs ||
  statSync(join(root, 'tsconfig.build.json')).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error('TypeScript is not installed: run npm install first.');
    process.exit(1);
  }
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  // tsc leaves unchanged outputs alone; touch the marker so the next check is quick.
  const { utimesSync } = await import('node:fs');
  const now = new Date();
  utimesSync(marker, now, now);
}
