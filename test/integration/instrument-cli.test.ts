import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCommand, type CliDatabase } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'instruments');

describe('wraparound load-instrument', { timeout: 180_000 }, () => {
  let target: CliDatabase;
  const cli = (...args: string[]) => runCommand(args, target.env);

  beforeAll(async () => {
    target = await cliDatabase({ migrated: true });
    const created = await cli('create-tenant', '--slug', 'risk-la', '--name', 'Risk Test Council');
    if (created.code !== 0) throw new Error(created.stderr);
  }, FIRST_RUN_TIMEOUT_MS);
  afterAll(() => target?.cleanup());

  // Translations and "a version is never replaced" are tested through the service in risk-api.test.ts.
  it('loads a new instrument for one council, and explains a bad file without a stack trace', async () => {
    const loaded = await cli('load-instrument', '--tenant', 'risk-la', join(FIXTURES, 'safety-check', '1.json'));
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain('Loaded Safety check (safety-check, version 1, en): 5 questions.');
    const broken = await cli('load-instrument', '--tenant', 'risk-la', join(FIXTURES, 'broken.json'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('The file is not a valid instrument');
    expect(broken.stderr).not.toContain('    at ');

    const notJson = join(target.dataDir, 'not-json.json');
    writeFileSync(notJson, '{ "id": ');
    const bad = await cli('load-instrument', '--tenant', 'risk-la', notJson);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not valid JSON');
  });
});
