import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/sequencer.js';

/**
 * Password hashes of the tests' own users are cheap (see PASSWORD_HASH_COST in src/platform/config.ts);
 * the unit project keeps the standard cost, so src/platform/auth/passwords.test.ts checks the real one.
 */
const cheapPasswordHashes = { PASSWORD_HASH_COST: 'test' };

/**
 * The integration and browser tests key the audit chain, as production must (a made-up key, only
 * for tests); test/setup/audit-chain-key.ts sets it in each test process.
 */
const testEnv = { ...cheapPasswordHashes, AUDIT_CHAIN_KEY: 'd2f1c3a49b8e7f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718' };
const testSetup = ['test/setup/audit-chain-key.ts'];

export default defineConfig({
  test: {
    // Migrates one database per run for every test database to start from (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    // Closing Vitest (workers, global teardown) never waits longer than this.
    teardownTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one on these 2-core machines, which runs
    // every file in turn. The files mostly wait on the database, the browser and the network, so three
    // at a time keep both cores busy. The browser files share these workers with the rest: run one at a
    // time after everything else, they were half of the suite's time with a core idle.
    maxWorkers: 3,
    // Each worker keeps the modules it has loaded from one test file to the next, rather than load the
    // application again for every file (2.5 s of CPU a file). Every file opens its own database and app,
    // and the only process-wide setting, the audit chain key, is set the same way before each file
    // (test/setup/audit-chain-key.ts).
    isolate: false,
    // The longest files first (test/sequencer.ts): a clean clone has no timings for Vitest to go by.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node', env: { PASSWORD_HASH_COST: 'standard' } } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/leak-hunt/**/*.test.ts'],
          environment: 'node',
          env: testEnv,
          setupFiles: testSetup,
          // Room for a busy machine: the browser files run beside these, and the first name search on a
          // fresh embedded database can take many seconds when PGlite has to be reopened.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env: testEnv,
          setupFiles: testSetup,
          // Generous: the browser files now run beside the others, and a busy machine is slow (the longest
          // browser test took 206 s in the last local CI run).
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
