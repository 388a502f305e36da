-- Issue 14: the Marac meeting. A tenant runs one or more Marac panels; each has member agencies, whose
-- representatives are users with the agency-rep role who belong to one agency. Meetings are scheduled
-- for a panel; a referral is accepted onto a meeting (or declined, with where the victim was routed);
-- the agenda is circulated, the member agencies return their research, the meeting records attendance,
-- the risks and the actions, and the actions are tracked to outcomes.

-- The partner agencies a tenant works with, each with the list of what it can offer a Marac case.
create table partner_agencies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  name text not null check (length(trim(name)) between 1 and 120),
  sector text not null check (sector in ('police', 'idva', 'childrens-services', 'adult-social-care', 'health-acute', 'health-gp', 'health-visiting', 'mental-health', 'substance-misuse', 'housing', 'education', 'probation', 'voluntary-da', 'other')),
  offers text[] not null default '{}' check (cardinality(offers) <= 40),
  created_at timestamptz not null default now()
);
create unique index partner_agencies_name on partner_agencies (tenant_id, lower(name));

-- An agency representative belongs to one agency.
alter table users add column agency_id uuid references partner_agencies(id);
create index users_agency on users (agency_id) where agency_id is not null;

create table marac_panels (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  name text not null check (length(trim(name)) between 1 and 120),
  -- How many cases a meeting takes before the coordinator is warned.
  meeting_cap integer not null default 16 check (meeting_cap between 1 and 60),
  -- The agenda goes out this many working days before the meeting; research is due this many.
  circulate_days integer not null default 5 check (circulate_days between 1 and 20),
  research_days integer not null default 2 check (research_days between 0 and 20),
  -- Representatives keep sight of a meeting's cases for this many days after it.
  window_days integer not null default 30 check (window_days between 1 and 365),
  created_at timestamptz not null default now()
);
create unique index marac_panels_name on marac_panels (tenant_id, lower(name));

create table marac_panel_agencies (
  tenant_id uuid not null references tenants(id),
  panel_id uuid not null references marac_panels(id),
  agency_id uuid not null references partner_agencies(id),
  primary key (panel_id, agency_id)
);
create index marac_panel_agencies_agency on marac_panel_agencies (agency_id);

create table marac_meetings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  panel_id uuid not null references marac_panels(id),
  held_at timestamptz not null,
  venue text check (length(venue) <= 300),
  online_link text check (length(online_link) <= 500),
  chair text not null check (length(trim(chair)) between 1 and 120),
  -- When the agenda is due to go out and research is due (working days before, from the panel).
  circulate_on date not null,
  research_due_on date not null,
  circulated_at timestamptz,
  circulated_by uuid references users(id),
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  cancel_reason text check (cancel_reason is null or length(cancel_reason) between 1 and 1000),
  -- The reason it was last moved, if it was.
  moved_reason text check (moved_reason is null or length(moved_reason) between 1 and 1000),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint marac_meetings_cancelled check ((status = 'cancelled') = (cancel_reason is not null))
);
create index marac_meetings_panel on marac_meetings (panel_id, held_at);
create index marac_meetings_when on marac_meetings (tenant_id, held_at);

-- A referral is accepted onto a meeting or declined, with where the victim was routed instead.
alter table marac_referrals add column decision text check (decision in ('accepted', 'declined'));
alter table marac_referrals add column decided_at timestamptz;
alter table marac_referrals add column decided_by uuid references users(id);
alter table marac_referrals add column decline_reason text check (decline_reason is null or length(decline_reason) between 1 and 1000);
alter table marac_referrals add column routed_to text check (routed_to is null or length(routed_to) between 1 and 300);
alter table marac_referrals add constraint marac_referrals_declined check ((decision = 'declined') = (decline_reason is not null));
create index marac_referrals_awaiting on marac_referrals (tenant_id, referred_on) where decision is null;
grant update (decision, decided_at, decided_by, decline_reason, routed_to) on marac_referrals to wraparound_app;

-- A referral on a meeting's agenda: in order, marked late when added after the agenda went out.
create table marac_meeting_cases (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  meeting_id uuid not null references marac_meetings(id),
  referral_id uuid not null references marac_referrals(id),
  position integer not null check (position >= 1),
  late boolean not null default false,
  added_at timestamptz not null default now(),
  added_by uuid references users(id),
  -- What became of it at the meeting: heard, adjourned (with why), or to come back.
  outcome text check (outcome in ('heard', 'adjourned', 'come-back')),
  outcome_reason text check (outcome_reason is null or length(outcome_reason) between 1 and 1000),
  removed_at timestamptz,
  removed_reason text check (removed_reason is null or length(removed_reason) between 1 and 1000),
  unique (meeting_id, referral_id)
);
create index marac_meeting_cases_referral on marac_meeting_cases (referral_id);

-- The coordinator's release of a victim's withheld whereabouts to one agency, for one case.
create table marac_whereabouts_releases (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  meeting_case_id uuid not null references marac_meeting_cases(id),
  agency_id uuid not null references partner_agencies(id),
  reason text not null check (length(trim(reason)) between 1 and 1000),
  lawful_basis text not null check (length(trim(lawful_basis)) between 1 and 300),
  released_by uuid not null references users(id),
  released_at timestamptz not null default now(),
  unique (meeting_case_id, agency_id)
);

do $$
declare t text;
begin
  foreach t in array array['partner_agencies', 'marac_panels', 'marac_panel_agencies', 'marac_meetings', 'marac_meeting_cases', 'marac_whereabouts_releases'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on partner_agencies, marac_panels, marac_meetings, marac_meeting_cases to wraparound_app;
grant select, insert, delete on marac_panel_agencies to wraparound_app;
grant select, insert on marac_whereabouts_releases to wraparound_app;
grant update (agency_id) on users to wraparound_app;
