-- People, their addresses and contact details (which can be withheld), relationships, cases with
-- append-only events, must-not-receive lists, safe-contact preferences, and access grants for
-- restricted records. Every table is tenant-owned and under the same row-level security.

create table people (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  version integer not null default 1,
  given_name text not null check (length(given_name) between 1 and 100),
  family_name text not null check (length(family_name) between 1 and 100),
  other_names text[] not null default '{}',
  date_of_birth date,
  date_of_birth_estimated boolean not null default false,
  sex text check (sex in ('female', 'male', 'intersex', 'not-known')),
  gender text check (length(gender) <= 100),
  ethnicity text,
  first_language text check (length(first_language) <= 60),
  interpreter_needed boolean not null default false,
  interpreter_sex text check (interpreter_sex in ('female', 'male', 'no-preference')),
  disability text check (length(disability) <= 500),
  send boolean not null default false,
  immigration_status text check (length(immigration_status) <= 200),
  no_recourse_to_public_funds boolean not null default false,
  nhs_number text check (nhs_number ~ '^\d{10}$'),
  restricted boolean not null default false,
  restricted_reason text,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index people_tenant_family on people (tenant_id, lower(family_name), lower(given_name));
create index people_tenant_dob on people (tenant_id, date_of_birth);
create index people_tenant_nhs on people (tenant_id, nhs_number) where nhs_number is not null;
create index people_name_trgm on people using gin ((lower(given_name || ' ' || family_name)) gin_trgm_ops);

-- Which fields each version of a person changed, so a stale edit can be told what changed since.
create table person_changes (
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  version integer not null,
  fields text[] not null,
  changed_by uuid references users(id),
  changed_at timestamptz not null default now(),
  primary key (person_id, version)
);

create table person_identifiers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  agency text not null check (length(agency) between 1 and 100),
  identifier text not null check (length(identifier) between 1 and 100)
);
create index person_identifiers_person on person_identifiers (person_id);

create table person_addresses (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  line1 text not null check (length(line1) between 1 and 200),
  line2 text check (length(line2) <= 200),
  town text check (length(town) <= 100),
  postcode text check (length(postcode) <= 10),
  from_date date,
  to_date date,
  withheld boolean not null default false,
  withheld_reason text,
  withheld_by uuid references users(id),
  withheld_at timestamptz,
  created_at timestamptz not null default now(),
  check (to_date is null or from_date is null or to_date >= from_date),
  check (not withheld or (withheld_reason is not null and withheld_at is not null))
);
create index person_addresses_person on person_addresses (person_id);

create table person_contact_details (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  kind text not null check (kind in ('phone', 'email', 'other')),
  value text not null check (length(value) between 1 and 200),
  label text check (length(label) <= 100),
  withheld boolean not null default false,
  withheld_reason text,
  withheld_by uuid references users(id),
  withheld_at timestamptz,
  created_at timestamptz not null default now(),
  check (not withheld or (withheld_reason is not null and withheld_at is not null))
);
create index person_contact_details_person on person_contact_details (person_id);

create table safe_contact_preferences (
  person_id uuid primary key references people(id),
  tenant_id uuid not null references tenants(id),
  safe_number text check (length(safe_number) <= 40),
  safe_times text check (length(safe_times) <= 200),
  may_leave_message boolean not null default false,
  ask_if_alone_first boolean not null default true,
  code_word text check (length(code_word) <= 60),
  neutral_letters boolean not null default true,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table relationships (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  from_person uuid not null references people(id),
  to_person uuid not null references people(id),
  kind text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (from_person <> to_person),
  unique (tenant_id, from_person, to_person, kind)
);
create index relationships_to on relationships (to_person);

create table cases (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  reference text not null,
  restricted boolean not null default false,
  restricted_reason text,
  -- A projection of case_events, rewritten in the same transaction as each event is appended.
  status text not null check (status in ('open', 'closed')),
  stage text not null,
  worker_id uuid references users(id),
  team_id uuid references teams(id),
  opened_at timestamptz not null,
  closed_at timestamptz,
  last_activity_at timestamptz not null,
  unique (tenant_id, reference)
);
create index cases_tenant_worker on cases (tenant_id, worker_id, status, last_activity_at desc);
create index cases_tenant_team on cases (tenant_id, team_id, status, last_activity_at desc);
create sequence case_reference_seq;

create table case_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  type text not null,
  at timestamptz not null,
  by_user uuid references users(id),
  data jsonb not null default '{}'
);
create index case_events_case on case_events (case_id, id);

create table case_members (
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  role text not null check (role in ('child', 'adult-victim', 'person-causing-harm', 'other-adult', 'supporter')),
  added_by uuid references users(id),
  added_at timestamptz not null default now(),
  primary key (case_id, person_id, role)
);
create index case_members_person on case_members (person_id);

create table case_notes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  body text not null check (length(body) between 1 and 20000),
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index case_notes_case on case_notes (case_id, created_at desc);

create table must_not_receive (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  information text[] not null check (information <@ array['address', 'contact-details', 'plan-content']::text[] and cardinality(information) > 0),
  reason text not null check (length(reason) between 1 and 1000),
  added_by uuid references users(id),
  added_at timestamptz not null default now(),
  removed_at timestamptz,
  removed_by uuid references users(id)
);
create index must_not_receive_case on must_not_receive (case_id);

create table access_grants (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  subject_type text not null check (subject_type in ('person', 'case')),
  subject_id uuid not null,
  user_id uuid not null references users(id),
  kind text not null check (kind in ('grant', 'break-glass')),
  reason text not null check (length(reason) between 1 and 1000),
  granted_by uuid references users(id),
  granted_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz
);
create index access_grants_subject on access_grants (tenant_id, subject_type, subject_id, user_id);
create index access_grants_break_glass on access_grants (tenant_id, granted_at desc) where kind = 'break-glass';

-- Bank holidays imported by an administrator for years after the ones shipped with the product.
create table bank_holidays (
  tenant_id uuid not null references tenants(id),
  date date not null,
  title text not null check (length(title) between 1 and 200),
  imported_by uuid references users(id),
  imported_at timestamptz not null default now(),
  primary key (tenant_id, date)
);

-- Case history and notes are never changed or removed.
create function case_history_refuse_change() returns trigger
  language plpgsql
  as $$ begin raise exception 'case history is append-only: add an event instead'; end $$;
create trigger case_events_append_only before update or delete on case_events
  for each row execute function case_history_refuse_change();
create trigger case_events_no_truncate before truncate on case_events
  for each statement execute function case_history_refuse_change();
create trigger case_notes_append_only before update or delete on case_notes
  for each row execute function case_history_refuse_change();
create trigger case_notes_no_truncate before truncate on case_notes
  for each statement execute function case_history_refuse_change();

do $$
declare t text;
begin
  foreach t in array array['people', 'person_changes', 'person_identifiers', 'person_addresses', 'person_contact_details',
    'safe_contact_preferences', 'relationships', 'cases', 'case_events', 'case_members', 'case_notes',
    'must_not_receive', 'access_grants', 'bank_holidays'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

grant select, insert, update on people, person_addresses, person_contact_details, safe_contact_preferences, cases, must_not_receive, access_grants to wraparound_app;
grant select, insert, delete on person_identifiers, relationships, case_members to wraparound_app;
grant select, insert, update on bank_holidays to wraparound_app;
grant select, insert on case_events, case_notes, person_changes to wraparound_app;
grant usage on sequence case_reference_seq to wraparound_app;
