import type { Trx } from '../../platform/db/database.js';
import { addDaService, type DaServiceInput } from './service.js';

/**
 * The demo tenant's domestic abuse services, one for each level of risk. Every name, route and
 * number is invented: the phone numbers are in Ofcom's 01632 960xxx range kept for drama.
 */
const DEMO_SERVICES: DaServiceInput[] = [
  {
    name: 'Northgate IDSVA Service',
    offers:
      'A named independent domestic and sexual violence adviser (IDSVA) for victims at high risk. A safety plan made with the victim and reviewed every 6 weeks, support at Marac, and help through criminal and family court.',
    howToRefer: 'Send the Northgate referral form by secure email to idsva.referrals@northgate.example, or phone the duty adviser on 01632 960101. Attach the latest risk checklist.',
    band: 'high',
    active: true,
  },
  {
    name: 'Demoford Floating Support',
    offers: 'A support worker who visits the victim at home or somewhere safe for up to 6 months: housing, money, safety at home and getting back in touch with family and friends.',
    howToRefer: 'Complete the online referral on the Demoford Floating Support portal, or phone 01632 960202 on weekdays from 9am to 5pm.',
    band: 'medium',
    active: true,
  },
  {
    name: 'Otherbury Victim Support',
    offers: 'Information, emotional support and practical help by phone or online chat, and a safety plan on request.',
    howToRefer: 'The victim can call 01632 960303 themselves, or a practitioner can refer with their consent by secure email to help@otherbury-support.example.',
    band: 'standard',
    active: true,
  },
];

/** Adds the demo services to the tenant of the transaction, each one audited as the system. */
export async function seedDaServices(trx: Trx, tenantId: string): Promise<void> {
  for (const service of DEMO_SERVICES) await addDaService(trx, tenantId, service, { actorType: 'system', actorId: null, requestId: 'demo-seed' });
}
