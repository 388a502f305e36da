-- Issue 16, points 2 to 4: safety plans. The victim's safety plan, made with her by the IDVA or the
-- social worker; a child's own safety plan, for a child the worker judges understands enough; the safety
-- rules agreed with each parent; and the family's safety network. A plan is saved with a version and
-- keeps every version; its reviews say what changed. Nothing here is removed: a plan ends.

create table safety_plans (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('victim', 'child')),
  -- The victim (an adult victim on the case) or the child whose plan it is.
  person_id uuid not null references people(id),
  -- Who made it with her (the victim's plan): her IDVA or the social worker, and their name.
  made_with text check (made_with in ('idva', 'social-worker')),
  made_with_name text check (length(made_with_name) between 1 and 200),
  made_on date not null,
  -- A child's plan: the worker confirmed the child understands enough, and why when the age did not suggest it.
  understanding_confirmed boolean not null default false,
  understanding_reason text check (length(understanding_reason) between 1 and 1000),
  -- The plan's sections as now saved (section key -> text), and how many times it has been saved.
  sections jsonb not null default '{}',
  version integer not null default 1 check (version >= 1),
  -- The day of the last review, or the day it was made; and when that was recorded (incidents reported after it bring a review).
  last_reviewed_on date not null,
  last_reviewed_at timestamptz not null default now(),
  ended_on date,
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  updated_by uuid references users(id),
  updated_at timestamptz,
  check (kind <> 'victim' or (made_with is not null and made_with_name is not null)),
  check (kind <> 'child' or understanding_confirmed),
  check (last_reviewed_on >= made_on)
);
-- One live plan of each kind for a person on a case.
create unique index safety_plans_one_live on safety_plans (case_id, kind, person_id) where ended_on is null;
create index safety_plans_case on safety_plans (case_id);

-- Every version of a plan as it was saved, with which sections changed, who and when.
create table safety_plan_versions (
  tenant_id uuid not null references tenants(id),
  plan_id uuid not null references safety_plans(id),
  version integer not null check (version >= 1),
  sections jsonb not null,
  changed text[] not null default '{}',
  saved_by uuid not null references users(id),
  saved_at timestamptz not null default now(),
  primary key (plan_id, version)
);

create table safety_plan_reviews (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  plan_id uuid not null references safety_plans(id),
  held_on date not null,
  reason text not null check (reason in ('scheduled', 'new-incident', 'case-closure', 'other')),
  what_changed text not null check (length(what_changed) between 1 and 5000),
  -- The plan's version when the review was recorded.
  plan_version integer not null,
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now()
);
create index safety_plan_reviews_plan on safety_plan_reviews (plan_id, held_on);

-- The rules agreed with one parent on the case; saved again as they change (version).
create table safety_rules (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  rules text[] not null check (cardinality(rules) between 1 and 20),
  agreed boolean not null,
  agreed_on date,
  version integer not null default 1 check (version >= 1),
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now(),
  check (not agreed or agreed_on is not null),
  unique (case_id, person_id)
);

-- The people in the family's safety network: who they are, what they know and will do, their agreement,
-- and how to reach them. Their phone and email are withheld like anyone's (a reason, who and when).
create table safety_network_members (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  name text not null check (length(name) between 1 and 200),
  relationship text not null check (length(relationship) between 1 and 200),
  phone text check (length(phone) between 1 and 40),
  email text check (length(email) between 3 and 254),
  knows_worries boolean not null,
  knows_red_flags boolean not null,
  what_to_do text not null check (length(what_to_do) between 1 and 2000),
  agreed boolean not null,
  agreed_on date,
  withheld boolean not null default false,
  withheld_reason text check (length(withheld_reason) between 1 and 1000),
  withheld_by uuid references users(id),
  withheld_at timestamptz,
  added_by uuid not null references users(id),
  added_at timestamptz not null default now(),
  check (phone is not null or email is not null),
  check (not agreed or agreed_on is not null),
  check (not withheld or (withheld_reason is not null and withheld_at is not null and withheld_by is not null))
);
create index safety_network_members_case on safety_network_members (case_id);

do $$
declare t text;
begin
  foreach t in array array['safety_plans', 'safety_plan_versions', 'safety_plan_reviews', 'safety_rules', 'safety_network_members'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on safety_plans, safety_rules, safety_network_members to wraparound_app;
grant select, insert on safety_plan_versions, safety_plan_reviews to wraparound_app;
