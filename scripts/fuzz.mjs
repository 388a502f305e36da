#!/usr/bin/env node
// npm run fuzz -- --runs N: the fuzz tests (test/integration/fuzz.test.ts) with N cases of each kind
// (API requests and form posts) instead of CI's default, from fresh random seeds (FUZZ_SEED=N repeats a
// run's cases). DATABASE_URL runs them on PostgreSQL.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5000' } }, strict: true });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs must be a whole number of 1 or more');
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', 'test/integration/fuzz.test.ts'], { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: process.env.FUZZ_SEED ?? 'random' } });
process.exit(result.status ?? 1);
