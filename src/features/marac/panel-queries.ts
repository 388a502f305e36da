import { sql } from 'kysely';
import type { AgencySector } from '../../domain/marac/agencies.js';
import type { PanelTimings } from '../../domain/marac/meetings.js';
import type { Trx } from '../../platform/db/database.js';

/** Partner agencies, Marac panels and which agencies sit on which panel. */

export interface Agency {
  id: string;
  name: string;
  sector: AgencySector;
  offers: string[];
  /** The agency's representatives: accounts with the agency representative role given this agency. */
  representatives: { id: string; name: string; active: boolean }[];
  /** The panels the agency sits on. */
  panelIds: string[];
}

export interface Panel extends PanelTimings {
  id: string;
  name: string;
  agencyIds: string[];
}

export async function agencies(trx: Trx): Promise<Agency[]> {
  const [rows, reps, members] = await Promise.all([
    trx.selectFrom('partner_agencies').select(['id', 'name', 'sector', 'offers']).orderBy(sql`lower(name)`).execute(),
    trx.selectFrom('users').select(['id', 'name', 'active', 'agency_id']).where('agency_id', 'is not', null).orderBy('name').execute(),
    trx.selectFrom('marac_panel_agencies').select(['panel_id', 'agency_id']).execute(),
  ]);
  return rows.map((a) => ({
    ...a,
    representatives: reps.filter((r) => r.agency_id === a.id).map((r) => ({ id: r.id, name: r.name, active: r.active })),
    panelIds: members.filter((m) => m.agency_id === a.id).map((m) => m.panel_id),
  }));
}

export async function insertAgency(trx: Trx, tenantId: string, agency: { name: string; sector: AgencySector; offers: readonly string[] }): Promise<string> {
  const row = await trx.insertInto('partner_agencies').values({ tenant_id: tenantId, name: agency.name, sector: agency.sector, offers: [...agency.offers] }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAgency(trx: Trx, id: string, agency: { name: string; offers: readonly string[] }): Promise<boolean> {
  const rows = await trx.updateTable('partner_agencies').set({ name: agency.name, offers: [...agency.offers] }).where('id', '=', id).returning('id').execute();
  return rows.length > 0;
}

export function agencyNamed(trx: Trx, name: string, exceptId: string | null) {
  let q = trx.selectFrom('partner_agencies').select('id').where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

/** Accounts with the agency representative role, and the agency each belongs to (null when none yet). */
export function representativeAccounts(trx: Trx) {
  return trx.selectFrom('users').select(['id', 'name', 'email', 'active', 'agency_id']).where(sql<boolean>`'agency-rep' = any(roles)`).orderBy('name').execute();
}

export async function setAgencyOf(trx: Trx, userId: string, agencyId: string | null): Promise<void> {
  await trx.updateTable('users').set({ agency_id: agencyId }).where('id', '=', userId).execute();
}

export async function panels(trx: Trx): Promise<Panel[]> {
  const [rows, members] = await Promise.all([
    trx.selectFrom('marac_panels').select(['id', 'name', 'meeting_cap', 'circulate_days', 'research_days', 'window_days']).orderBy(sql`lower(name)`).execute(),
    trx.selectFrom('marac_panel_agencies').select(['panel_id', 'agency_id']).execute(),
  ]);
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    meetingCap: p.meeting_cap,
    circulateDays: p.circulate_days,
    researchDays: p.research_days,
    windowDays: p.window_days,
    agencyIds: members.filter((m) => m.panel_id === p.id).map((m) => m.agency_id),
  }));
}

export function panelNamed(trx: Trx, name: string, exceptId: string | null) {
  let q = trx.selectFrom('marac_panels').select('id').where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

type PanelValues = { name: string } & PanelTimings;

const panelColumns = (p: PanelValues) => ({ name: p.name, meeting_cap: p.meetingCap, circulate_days: p.circulateDays, research_days: p.researchDays, window_days: p.windowDays });

export async function insertPanel(trx: Trx, tenantId: string, panel: PanelValues): Promise<string> {
  const row = await trx.insertInto('marac_panels').values({ tenant_id: tenantId, ...panelColumns(panel) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePanel(trx: Trx, id: string, panel: PanelValues): Promise<boolean> {
  const rows = await trx.updateTable('marac_panels').set(panelColumns(panel)).where('id', '=', id).returning('id').execute();
  return rows.length > 0;
}

/** Sets which agencies sit on the panel: exactly these. */
export async function setPanelAgencies(trx: Trx, tenantId: string, panelId: string, agencyIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('marac_panel_agencies').where('panel_id', '=', panelId).execute();
  if (agencyIds.length) await trx.insertInto('marac_panel_agencies').values(agencyIds.map((agency_id) => ({ tenant_id: tenantId, panel_id: panelId, agency_id }))).execute();
}
