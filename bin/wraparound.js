#!/usr/bin/env node
// Runs the built CLI, building it first when the TypeScript sources are newer.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
await import(join(root, 'dist', 'src', 'cli.js'));
