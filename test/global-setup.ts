import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildPgliteSnapshot, buildPostgresTemplate, dropPostgresDatabase, scratchDir, sweepScratchDirs } from './helpers/database.js';

/**
 * Migrates one database at the start of every run, from the migrations/ folder as it is then, and
 * hands it to the test files (test/helpers/database.ts): on PGlite a data folder that each test
 * database starts as a copy of, on PostgreSQL (DATABASE_URL) a database each one is created from as
 * a template. Making and migrating a database for every file was most of the suite's set-up time.
 * Nothing is kept between runs: the teardown removes it, and folders left by a killed run are
 * removed by the next.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // `vitest run --project unit` needs no database.
  if (project.vitest.projects.every((p) => p.name === 'unit')) return undefined;
  sweepScratchDirs();
  const axeClean = scratchDir('axe');
  project.provide('axeCleanDocuments', axeClean);
  const removeAxeClean = () => rmSync(axeClean, { recursive: true, force: true });
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = await buildPostgresTemplate(serverUrl);
    project.provide('postgresTemplate', template);
    return async () => {
      removeAxeClean();
      await dropPostgresDatabase(serverUrl, template);
    };
  }
  const snapshot = await buildPgliteSnapshot();
  project.provide('pgliteSnapshot', snapshot);
  return async () => {
    removeAxeClean();
    rmSync(snapshot, { recursive: true, force: true });
  };
}
