import { describe, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, WCAG_TAGS } from '../helpers/browser.js';
describe('probe', () => {
  const b = browserTest();
  it('times', async () => {
    const page = await b.newPage();
    await page.goto(paths.signIn);
    for (let i = 0; i < 3; i++) { const t0 = Date.now(); await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze(); console.log('axe', Date.now() - t0); }
    for (let i = 0; i < 3; i++) { const t0 = Date.now(); await new AxeBuilder({ page }).withTags(WCAG_TAGS).options({ resultTypes: ['violations'] }).analyze(); console.log('axe-v', Date.now() - t0); }
    await new AxeBuilder({ page }).analyze();
  });
});
