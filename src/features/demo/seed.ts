import type { Database } from '../../platform/db/database.js';
import { seedDemoUsers, type DemoSignIn } from '../admin/demo-seed.js';
import { tenantService } from '../admin/tenants.js';
import { seedDaServices } from '../da-services/demo.js';
import { seedDemoFamilies, type DemoServices } from './families.js';

/** The demo tenant: a user for every role and a few made-up families. Does nothing if it exists. */
export async function seedDemo(db: Database, services: DemoServices): Promise<{ created: boolean; signIns: DemoSignIn[] }> {
  const result = await seedDemoUsers(db);
  if (result.created) {
    const tenant = await tenantService(db).findTenant('demo');
    if (tenant) await db.tenant(tenant.id, (trx) => seedDaServices(trx, tenant.id));
    if (tenant) await seedDemoFamilies(db, tenant.id, services);
  }
  return result;
}
