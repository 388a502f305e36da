import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest, longest first, as measured in a whole run (docs/performance.md,
 * "CI time"). On a fresh clone Vitest has no timings of its own and starts the largest files first;
 * the longest ones then started late and ran alone at the end with a core idle. Started first, they
 * overlap everything else. A file missing here runs after these, in Vitest's own order.
 */
export const LONGEST_FIRST = [
  'test/leak-hunt/adversarial.test.ts',
  'test/integration/cli.test.ts',
  'test/integration/crash-safety.test.ts',
  'test/leak-hunt/leak-hunt.test.ts',
  'test/integration/backup-restore.test.ts',
  'test/integration/notification-import.test.ts',
  'test/integration/fuzz.test.ts',
  'test/integration/configure-sso-cli.test.ts',
  'test/integration/pglite-wedge.test.ts',
  'test/integration/case-pages.test.ts',
  'test/integration/embedded-stall.test.ts',
  'test/integration/data-dir-lock.test.ts',
  'test/e2e/risk.test.ts',
  'test/e2e/people.test.ts',
  'test/e2e/mash.test.ts',
  'test/e2e/case-pages.test.ts',
  'test/e2e/admin.test.ts',
  'test/e2e/no-javascript.test.ts',
  'test/e2e/authenticator-app.test.ts',
  'test/e2e/single-sign-on.test.ts',
];

/** The files above first, whatever their project; then the rest in Vitest's own order. */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (file: TestSpecification): number => {
      const at = LONGEST_FIRST.indexOf(relative(root, file.moduleId));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    // Array.prototype.sort is stable: the files not listed keep Vitest's order.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}
