import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinCensusCommand } from '../../src/cli/census-command.js';
import { UsageError } from '../../src/cli/args.js';
import { censusService } from '../../src/features/census/service.js';
import { generateFamilies } from '../../src/generator/generate.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * Issue 15, points 6 and 7: the children in need census for a generated year (valid against the DfE's
 * XSD), its problems page finding the breaches the generator plants, the download with its audit and
 * confirmation, the command line, and the thematic audit of repeat plans counted on a small fixture.
 */

const XSD = join(import.meta.dirname, '..', '..', 'src', 'domain', 'census', 'CIN_schema_2024.xsd');
const YEAR = '2025';

let t: TestApp;
let generated: TestTenant;
let small: TestTenant;
let manager: Visitor;
let analyst: Visitor;
let smallManager: Visitor;
let smallAnalyst: Visitor;
let dir: string;
const out: string[] = [];
const err: string[] = [];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

/** xmllint's complaints about a file, one a line (none when it validates). */
function xmllint(file: string): string[] {
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return [];
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? '').split('\n').filter((l) => /error/.test(l));
  }
}

/** A small tenant: three children, each on a child protection plan, two of them on a second (repeat) plan. */
async function smallFixture(tenantId: string, managerId: string): Promise<void> {
  await t.db.tenant(tenantId, async (trx) => {
    const run = (q: ReturnType<typeof sql>) => q.execute(trx);
    await run(sql`insert into people (id, tenant_id, given_name, family_name, date_of_birth, sex, ethnicity) values
      ('a0000000-0000-4000-8000-000000000001', ${tenantId}, 'Amara', 'Fixture', '2015-03-01', 'female', 'black-african'),
      ('a0000000-0000-4000-8000-000000000002', ${tenantId}, 'Bilal', 'Fixture', '2017-07-09', 'male', 'asian-pakistani'),
      ('a0000000-0000-4000-8000-000000000003', ${tenantId}, 'Cerys', 'Fixture', '2019-11-30', 'female', null)`);
    await run(sql`insert into cases (id, tenant_id, reference, status, stage, opened_at, last_activity_at) values
      ('c0000000-0000-4000-8000-000000000001', ${tenantId}, 'FX-1', 'open', 'child-protection', '2024-04-10T09:00:00Z', '2024-04-10T09:00:00Z'),
      ('c0000000-0000-4000-8000-000000000002', ${tenantId}, 'FX-2', 'open', 'child-protection', '2024-04-10T09:00:00Z', '2024-04-10T09:00:00Z')`);
    await run(sql`insert into case_members (tenant_id, case_id, person_id, role) values
      (${tenantId}, 'c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'child'),
      (${tenantId}, 'c0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', 'child'),
      (${tenantId}, 'c0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000003', 'child')`);
    // Case 1: a DA assessment, a plan for both children that ended, then a second plan for both (two repeats).
    await run(sql`insert into assessments (tenant_id, case_id, referral_date, started_on, due_on, status, factors, authorised_at, authorised_on, authorised_by, recommendation) values
      (${tenantId}, 'c0000000-0000-4000-8000-000000000001', '2024-04-10', '2024-04-11', '2024-06-13', 'authorised', '{3B,4B}', '2024-04-30T10:00:00Z', '2024-04-30', ${managerId}, 'strategy-discussion'),
      (${tenantId}, 'c0000000-0000-4000-8000-000000000002', '2024-04-10', '2024-04-11', '2024-06-13', 'authorised', '{1B}', '2024-04-30T10:00:00Z', '2024-04-30', ${managerId}, 'strategy-discussion')`);
    await run(sql`insert into plans (id, tenant_id, case_id, kind, started_on, ended_on, end_reason) values
      ('b0000000-0000-4000-8000-000000000001', ${tenantId}, 'c0000000-0000-4000-8000-000000000001', 'child-protection', '2024-05-02', '2024-09-30', 'Risk reduced'),
      ('b0000000-0000-4000-8000-000000000002', ${tenantId}, 'c0000000-0000-4000-8000-000000000001', 'child-protection', '2025-01-15', null, null),
      ('b0000000-0000-4000-8000-000000000003', ${tenantId}, 'c0000000-0000-4000-8000-000000000002', 'child-protection', '2024-05-02', '2024-07-30', 'Risk reduced'),
      ('b0000000-0000-4000-8000-000000000004', ${tenantId}, 'c0000000-0000-4000-8000-000000000002', 'child-protection', '2024-10-01', '2024-12-20', 'Risk reduced')`);
    await run(sql`insert into plan_children (tenant_id, plan_id, child_id, initial_category, latest_category) values
      (${tenantId}, 'b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'emotional', 'emotional'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', 'emotional', 'emotional'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'neglect', 'neglect'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000002', 'neglect', 'neglect'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000003', 'physical', 'physical'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000003', 'physical', 'physical')`);
    await run(sql`insert into plan_reviews (tenant_id, plan_id, kind, held_on, progress) values
      (${tenantId}, 'b0000000-0000-4000-8000-000000000001', 'review-conference', '2024-07-25', 'Reviewed'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000002', 'review-conference', '2025-03-20', 'Reviewed'),
      (${tenantId}, 'b0000000-0000-4000-8000-000000000004', 'review-conference', '2024-12-10', 'Reviewed')`);
  });
}

beforeAll(async () => {
  t = await startTestApp();
  generated = await createTestTenant(t.db);
  small = await createTestTenant(t.db);
  await generateFamilies(t.db, generated.id, { families: 200, seed: 15, today: '2025-06-01' });
  await smallFixture(small.id, small.users['team-manager'].id);
  [manager, analyst, smallManager, smallAnalyst] = await Promise.all([
    signedIn(t.app, generated.users['team-manager'].email),
    signedIn(t.app, generated.users.analyst.email),
    signedIn(t.app, small.users['team-manager'].email),
    signedIn(t.app, small.users.analyst.email),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'cin-census-'));
}, 120_000);
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const exports = (tenantId: string) => t.db.tenant(tenantId, async (trx) => (await trx.selectFrom('audit_events').select(['details', 'actor_id']).where('action', '=', 'census.export').execute()));

describe('the census of a generated year', () => {
  it('lists each planted breach on the problems page, linked to the case to fix', async () => {
    const page = await manager.get(`${paths.reports.cinCensus}?year=${YEAR}`);
    expect(page.statusCode).toBe(200);
    const rules = new Set([...page.body.matchAll(/data-rule="([^"]+)"/g)].map((m) => m[1]));
    // Exactly the breaches the generator plants: nothing else in its records breaks a rule.
    expect([...rules].sort()).toEqual(['8670Q', '8675Q', '8869', 'WA1']);
    expect(Number(/data-census-children>(\d+)</.exec(page.body)?.[1])).toBeGreaterThan(20);
    expect(page.body).toMatch(/href="\/cases\/[0-9a-f-]{36}(\/plans)?"/);
    // Days in the messages read as people write them.
    expect(page.body.replace(/<[^>]+>/g, ' ')).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(page.body).toMatch(/due by \d{1,2} [A-Z][a-z]+ \d{4}/);
    // No child's name is on the page.
    const names = await t.db.tenant(generated.id, (trx) => trx.selectFrom('people').select(['given_name', 'family_name']).limit(50).execute());
    for (const n of names) expect(page.body).not.toContain(`${n.given_name} ${n.family_name}`);
  });

  it('downloads only after confirming, validates against the DfE schema, holds no address, and is audited', async () => {
    const before = (await exports(generated.id)).length;
    const refused = await manager.get(`${paths.reports.cinCensusDownload}?year=${YEAR}`);
    expect(refused.statusCode).toBe(409);
    expect(errorSummary(refused.body).confirm).toMatch(/confirm/);
    expect((await exports(generated.id)).length).toBe(before);

    const file = await manager.get(`${paths.reports.cinCensusDownload}?year=${YEAR}&confirm=yes`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/application\/xml/);
    expect(file.headers['content-disposition']).toBe('attachment; filename="cin-census-2025.xml"');
    const path = join(dir, 'generated.xml');
    writeFileSync(path, file.body);
    // The one complaint this copy of the XSD makes: a first plan's 0 previous plans (DfE rule 8730 allows 0).
    expect(xmllint(path).filter((line) => !/NumberOfPreviousCPP.*'0'.*positiveInteger/.test(line))).toEqual([]);
    expect(file.body).toContain('<AssessmentFactors>3B</AssessmentFactors>');
    expect(file.body).toContain('<ChildProtectionPlans>');
    const addresses = await t.db.tenant(generated.id, (trx) => trx.selectFrom('person_addresses').select(['line1', 'postcode']).limit(200).execute());
    for (const a of addresses) {
      expect(file.body).not.toContain(a.line1);
      if (a.postcode) expect(file.body).not.toContain(a.postcode);
    }
    const audit = await exports(generated.id);
    expect(audit.length).toBe(before + 1);
    expect(audit[audit.length - 1]!.details).toMatchObject({ year: 2025, forced: true, via: 'user' });
    expect(audit[audit.length - 1]!.actor_id).toBe(generated.users['team-manager'].id);
  });

  it('refuses a year that is not one, clearly, with nothing downloaded or audited', async () => {
    const before = (await exports(generated.id)).length;
    for (const bad of ['abc', '1800', '20255', '']) {
      for (const url of [`${paths.reports.cinCensus}?year=${bad}`, `${paths.reports.cinCensusDownload}?year=${bad}&confirm=yes`]) {
        if (bad === '' && url.startsWith(paths.reports.cinCensus + '?')) continue;
        const page = await manager.get(url);
        expect(page.statusCode, url).toBe(400);
        expect(errorSummary(page.body).year).toMatch(/four digits|from 2009 to 2100/);
      }
    }
    expect((await exports(generated.id)).length).toBe(before);
  });

  it('is for team managers only: the analyst, the social worker and the administrator are refused', async () => {
    expect((await analyst.get(paths.reports.cinCensus)).statusCode).toBe(403);
    expect((await analyst.get(`${paths.reports.cinCensusDownload}?year=${YEAR}&confirm=yes`)).statusCode).toBe(403);
    for (const role of ['social-worker', 'admin'] as const) {
      const v = await signedIn(t.app, generated.users[role].email);
      expect((await v.get(paths.reports.cinCensus)).statusCode).toBe(403);
    }
    const home = await manager.get(paths.home);
    expect(home.body).toContain(paths.reports.cinCensus);
  });
});

describe('the cin-census command', () => {
  const census = () => censusService(t.db, 'test');

  it('exits 1 listing the problems and writes nothing; --force writes the file', async () => {
    const file = join(dir, 'cli.xml');
    out.length = 0;
    err.length = 0;
    expect(await cinCensusCommand(t.db, census(), ['--tenant', generated.slug, '--year', YEAR, file], io.out, io.err)).toBe(1);
    expect(err.join('\n')).toMatch(/8670Q/);
    expect(err.join('\n')).toMatch(/--force/);
    expect(existsSync(file)).toBe(false);
    expect(await cinCensusCommand(t.db, census(), ['--tenant', generated.slug, '--year', YEAR, '--force', file], io.out, io.err)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('<Collection>CIN</Collection>');
    expect((await exports(generated.id)).some((e) => (e.details as { via: string }).via === 'command-line')).toBe(true);
  });

  it('exits 0 and writes the file when the records are clean', async () => {
    const file = join(dir, 'clean.xml');
    out.length = 0;
    expect(await cinCensusCommand(t.db, census(), ['--tenant', small.slug, '--year', YEAR, file], io.out, io.err)).toBe(0);
    expect(out.join('\n')).toMatch(/3 children/);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<NumberOfPreviousCPP>1</NumberOfPreviousCPP>');
    expect(xml).not.toMatch(/Amara|Bilal|Cerys|Fixture/);
  });

  it('refuses a bad year or a missing tenant as a usage mistake, writing nothing', async () => {
    const file = join(dir, 'bad.xml');
    for (const args of [['--tenant', small.slug, '--year', 'abc', file], ['--tenant', small.slug, '--year', '1800', file], ['--tenant', 'no-such-council', '--year', YEAR, file], ['--tenant', small.slug, file]]) {
      await expect(cinCensusCommand(t.db, census(), args, io.out, io.err)).rejects.toThrow(UsageError);
    }
    expect(existsSync(file)).toBe(false);
  });
});

describe('the repeat-plan audit', () => {
  it('counts plans, repeats and repeats after domestic abuse by quarter, for the manager and the analyst alike', async () => {
    for (const v of [smallManager, smallAnalyst]) {
      const page = await v.get(`${paths.reports.repeatPlans}?from=2024&to=2025&period=quarter`);
      expect(page.statusCode).toBe(200);
      const row = (period: string) => {
        const m = new RegExp(`data-period="${period}"[\\s\\S]*?data-started>(\\d+)<[\\s\\S]*?data-repeats>(\\d+)<[\\s\\S]*?data-repeats-da>(\\d+)<`).exec(page.body);
        return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
      };
      expect(row('2024 Q2')).toEqual([3, 0, 0]);
      expect(row('2024 Q4')).toEqual([1, 1, 0]);
      expect(row('2025 Q1')).toEqual([2, 2, 2]);
      expect(page.body).not.toMatch(/Amara|Bilal|Cerys|Fixture|FX-1|\/cases\//);
    }
    const byYear = await smallAnalyst.get(`${paths.reports.repeatPlans}?from=2024&to=2025&period=year`);
    expect(byYear.body).toMatch(/data-period="2024"[\s\S]*?data-started>4</);
  });

  it('refuses bad years and periods with a clear message, and is not for social workers', async () => {
    for (const q of ['from=abc', 'from=1800', 'to=2023&from=2024', 'period=month']) {
      const page = await smallAnalyst.get(`${paths.reports.repeatPlans}?${q}`);
      expect(page.statusCode, q).toBe(400);
      expect(Object.values(errorSummary(page.body)).join(' ')).toMatch(/four digits|from 2009|same as or after|quarter or by year/);
    }
    const worker = await signedIn(t.app, small.users['social-worker'].email);
    expect((await worker.get(paths.reports.repeatPlans)).statusCode).toBe(403);
  });
});
