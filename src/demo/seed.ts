import type { Database } from '../platform/db/database.js';
import { seedDemoUsers, type DemoSignIn } from '../features/admin/demo-seed.js';
import { tenantService } from '../features/admin/tenants.js';
import { seedDaServices } from '../features/da-services/demo.js';
import { generateFamilies } from '../generator/generate.js';
import { seedDemoFamilies, type DemoServices } from './families.js';

/** Generated families beside the hand-made ones, so the demo's lists, queue and searches look like a real caseload. */
export const DEMO_GENERATED_FAMILIES = 60;
const DEMO_SEED = 2026;

/**
 * The demo tenant: a user for every role, a few hand-made families (named Demo-…) whose stories the
 * README walks through, and generated families around them. Does nothing if it exists.
 */
export async function seedDemo(db: Database, services: DemoServices): Promise<{ created: boolean; signIns: DemoSignIn[] }> {
  const result = await seedDemoUsers(db);
  if (result.created) {
    const tenant = await tenantService(db).findTenant('demo');
    if (tenant) await db.tenant(tenant.id, (trx) => seedDaServices(trx, tenant.id));
    if (tenant) await seedDemoFamilies(db, tenant.id, services);
    if (tenant) await generateFamilies(db, tenant.id, { families: DEMO_GENERATED_FAMILIES, seed: DEMO_SEED });
  }
  return result;
}
