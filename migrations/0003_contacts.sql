-- Contacts into the MASH: police notifications and other contacts, the people on them (linked to
-- records once matched), the decision trail as append-only events, the tenant's threshold
-- indicators, and Marac referrals (which the history at the door shows; the Marac feature adds to them).

create table contacts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  source text not null check (source in ('police', 'school', 'health', 'housing', 'other-agency', 'family', 'self', 'anonymous')),
  -- The sender's reference (the police reference for a notification): with the source it makes a resend idempotent.
  reference text check (length(reference) between 1 and 100),
  referrer text check (length(referrer) <= 200),
  received_at timestamptz not null,
  -- The day it was received in England (Europe/London), from which the deadline counts.
  received_on date not null,
  decision_due_by date not null,
  occurred_at timestamptz,
  place text check (length(place) <= 500),
  abuse_types text[] not null default '{}',
  children_present boolean not null default false,
  children_saw boolean not null default false,
  children_heard boolean not null default false,
  injuries boolean not null default false,
  weapon_used boolean not null default false,
  alcohol_or_drugs boolean not null default false,
  summary text check (length(summary) <= 10000),
  child_voice text check (length(child_voice) <= 5000),
  -- Operation Encompass: has the school been told before the next school day?
  school_told boolean,
  -- A projection of contact_events, rewritten in the same transaction as each event is appended.
  status text not null default 'awaiting-decision' check (status in ('awaiting-decision', 'decided', 'sent-to-allocated-worker')),
  indicators text[] not null default '{}',
  recommended_pathway text,
  decided_pathway text,
  decided_at timestamptz,
  decided_by uuid references users(id),
  case_id uuid references cases(id),
  created_by uuid references users(id),
  api_client_id uuid references api_clients(id),
  created_at timestamptz not null default now()
);
create unique index contacts_source_reference on contacts (tenant_id, source, reference) where reference is not null;
create index contacts_queue on contacts (tenant_id, status, decision_due_by, received_at);
create index contacts_decided on contacts (tenant_id, decided_at) where decided_at is not null;
create index contacts_received on contacts (tenant_id, received_on);
create index contacts_case on contacts (case_id) where case_id is not null;

create table contact_people (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  contact_id uuid not null references contacts(id),
  ref text not null check (length(ref) between 1 and 40),
  role text not null check (role in ('victim', 'person-causing-harm', 'child', 'other-adult')),
  given_name text not null check (length(given_name) between 1 and 100),
  family_name text not null check (length(family_name) between 1 and 100),
  date_of_birth date,
  sex text check (sex in ('female', 'male', 'intersex', 'not-known')),
  nhs_number text check (nhs_number ~ '^\d{10}$'),
  send boolean not null default false,
  address text check (length(address) <= 300),
  postcode text check (length(postcode) <= 10),
  school text check (length(school) <= 200),
  person_id uuid references people(id),
  linked_by uuid references users(id),
  linked_at timestamptz,
  unique (contact_id, ref)
);
create index contact_people_person on contact_people (person_id) where person_id is not null;

create table contact_relationships (
  tenant_id uuid not null references tenants(id),
  contact_id uuid not null references contacts(id),
  from_ref text not null,
  to_ref text not null,
  kind text not null,
  primary key (contact_id, from_ref, to_ref, kind)
);

-- Who did what on a contact, in order: received, people linked or added, indicators, the
-- worker's recommendation, the manager's decision, sending to the allocated worker.
create table contact_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id),
  contact_id uuid not null references contacts(id),
  type text not null,
  at timestamptz not null default now(),
  by_user uuid references users(id),
  by_api_client uuid references api_clients(id),
  data jsonb not null default '{}'
);
create index contact_events_contact on contact_events (contact_id, id);

create trigger contact_events_append_only before update or delete on contact_events
  for each row execute function case_history_refuse_change();
create trigger contact_events_no_truncate before truncate on contact_events
  for each statement execute function case_history_refuse_change();

-- A local authority's own threshold indicators; with none, the product's defaults apply.
create table threshold_indicators (
  tenant_id uuid not null references tenants(id),
  code text not null check (code ~ '^[a-z0-9-]{1,60}$'),
  level integer not null check (level between 1 and 4),
  meaning text not null check (length(meaning) between 1 and 300),
  position integer not null default 0,
  primary key (tenant_id, code)
);

create table marac_referrals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  referred_on date not null,
  referring_agency text check (length(referring_agency) <= 200),
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index marac_referrals_person on marac_referrals (person_id, referred_on desc);

-- Candidate retrieval for matching (findCandidates in src/features/contacts/matching.ts). Under
-- row-level security PostgreSQL uses only leakproof conditions as index conditions, so an index on
-- dmetaphone(), lower() or pg_trgm's % is never used by the application role. These index the bare
-- name columns instead: exact names (either way round, short forms), and one name exactly with the
-- other's first letters (text_pattern_ops, for ~>=~ and ~<~). Date of birth and NHS number use 0002's.
create index people_match_family_given on people (tenant_id, family_name text_pattern_ops, given_name text_pattern_ops);
create index people_match_given_family on people (tenant_id, given_name text_pattern_ops, family_name text_pattern_ops);
-- How each name sounds (Double Metaphone), stored, so that a look-up by sound compares bare columns
-- (Muhammad and Mohammed, Sian and Shaun sound alike) and stays an index look-up under row-level security.
alter table people add column given_name_sound text generated always as (dmetaphone(given_name)) stored;
alter table people add column family_name_sound text generated always as (dmetaphone(family_name)) stored;
create index people_match_sound on people (tenant_id, family_name_sound, given_name_sound);

do $$
declare t text;
begin
  foreach t in array array['contacts', 'contact_people', 'contact_relationships', 'contact_events', 'threshold_indicators', 'marac_referrals'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

grant select, insert, update on contacts, contact_people, threshold_indicators to wraparound_app;
grant select, insert on contact_relationships, contact_events, marac_referrals to wraparound_app;
grant delete on threshold_indicators to wraparound_app;
