-- Issue 16, points 9 and 10: interpreters, red flags and escalations.
--
-- A red flag is recorded on a case by the worker (the family moved or cannot be found, a breach of an
-- order, a child seems different ...). An escalation is raised to the case's worker and their team
-- manager when the rules say so (src/domain/escalation/rules.ts): missed appointments and visits with no
-- access within a period (the visits table of 0025), a red flag the area escalates, a new incident on
-- the case. Each escalation has a trigger key, unique on its case, so the same facts never raise two.
-- The management discussion (what was decided, by whom, when) closes it. Nothing here is removed.
--
-- A person's dialect joins their first language and interpreter preference (0002), and interpreters are
-- booked for visits and meetings: always a professional, never anyone connected to the family.

-- The area's numbers: how many missed appointments within how many days escalate, and which red flags do.
create table escalation_settings (
  tenant_id uuid primary key references tenants(id),
  missed_count integer not null default 2 check (missed_count between 1 and 10),
  missed_days integer not null default 28 check (missed_days between 1 and 365),
  escalating_flags text[] not null default array['family-moved', 'family-missing', 'order-breached'],
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table red_flags (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  flag text not null check (flag ~ '^[a-z-]{1,60}$'),
  -- The day it was seen or learned of, and what the worker knows (optional).
  noticed_on date not null,
  note text check (length(note) between 1 and 2000),
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now()
);
create index red_flags_case on red_flags (case_id, noticed_on);

create table escalations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  -- 'non-engagement:<visit id>', 'red-flag:<red flag id>' or 'incident:<contact id>'.
  trigger text not null check (length(trigger) between 1 and 200),
  reason text not null check (reason in ('non-engagement', 'red-flag', 'incident')),
  -- The records behind it: the missed appointments counted, the red flag, or the incident's contact.
  counted uuid[] not null default '{}',
  flag text,
  -- The day of the latest fact behind it; when it was raised, and to whom (the worker and team then).
  fact_on date not null,
  raised_at timestamptz not null default now(),
  worker_id uuid references users(id),
  team_id uuid references teams(id),
  -- The management discussion: what was decided, who decided (named), on which day; who recorded it.
  decision text check (length(decision) between 1 and 5000),
  decided_by text check (length(decided_by) between 1 and 200),
  decided_on date,
  discussed_by uuid references users(id),
  closed_at timestamptz,
  unique (case_id, trigger),
  check ((closed_at is null) = (decision is null)),
  check ((decision is null) = (decided_by is null) and (decision is null) = (decided_on is null) and (decision is null) = (discussed_by is null))
);
create index escalations_open_worker on escalations (worker_id) where closed_at is null;
create index escalations_open_team on escalations (team_id) where closed_at is null;
create index escalations_case on escalations (case_id, raised_at);

alter table people add column dialect text check (length(dialect) between 1 and 60);

create table interpreter_bookings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  language text not null check (length(language) between 1 and 60),
  dialect text check (length(dialect) between 1 and 60),
  starts_at timestamptz not null,
  purpose text not null check (purpose in ('home-visit', 'office-meeting', 'conference', 'core-group', 'assessment', 'other')),
  details text check (length(details) between 1 and 500),
  -- Always a professional interpreter: a family member, friend or child is refused before it gets here.
  interpreter_name text not null check (length(interpreter_name) between 1 and 200),
  agency text not null check (length(agency) between 1 and 200),
  interpreter_sex text check (interpreter_sex in ('female', 'male', 'no-preference')),
  booked_by uuid not null references users(id),
  booked_at timestamptz not null default now()
);
create index interpreter_bookings_case on interpreter_bookings (case_id, starts_at);

do $$
declare t text;
begin
  foreach t in array array['escalation_settings', 'red_flags', 'escalations', 'interpreter_bookings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on escalation_settings, escalations to wraparound_app;
grant select, insert on red_flags, interpreter_bookings to wraparound_app;
