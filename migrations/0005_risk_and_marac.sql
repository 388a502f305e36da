-- Risk checklists as versioned instruments, the Marac referral, and the directory of domestic abuse
-- services. Shipped instruments are files in instruments/; a local authority's own versions (the
-- licensed official wording, a translation, a new tool) are loaded into risk_instruments.

create table risk_instruments (
  tenant_id uuid not null references tenants(id),
  instrument_id text not null check (instrument_id ~ '^[a-z][a-z0-9-]{1,60}$'),
  version integer not null check (version >= 1),
  language text not null check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  -- 'instrument' or 'translation', as the file was loaded; the definition is the parsed file.
  kind text not null check (kind in ('instrument', 'translation')),
  definition jsonb not null,
  loaded_by text not null check (length(loaded_by) <= 200),
  loaded_at timestamptz not null default now(),
  primary key (tenant_id, instrument_id, version, language)
);

-- A local authority's risk settings: the bands, when a checklist is due for review, the Marac numbers,
-- and which version of each instrument is offered for new checklists (absent: the latest).
create table risk_settings (
  tenant_id uuid primary key references tenants(id),
  high_from integer not null default 14 check (high_from >= 2),
  medium_from integer not null default 10 check (medium_from >= 1 and medium_from < high_from),
  review_weeks integer not null default 6 check (review_weeks between 1 and 52),
  escalation_incidents integer not null default 3 check (escalation_incidents between 1 and 50),
  escalation_months integer not null default 12 check (escalation_months between 1 and 60),
  repeat_months integer not null default 12 check (repeat_months between 1 and 60),
  instrument_versions jsonb not null default '{}'
);

-- A completed checklist. Immutable: a later view of the risk is a new checklist.
create table risk_assessments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  case_id uuid references cases(id),
  instrument_id text not null,
  instrument_version integer not null,
  language text not null,
  completed_at timestamptz not null,
  -- The London day of completion: reviews and the Marac criteria count in days.
  completed_on date not null,
  recorded_by uuid references users(id),
  api_client_id uuid references api_clients(id),
  agency text check (length(agency) <= 200),
  completed_with_victim boolean,
  victim_view text check (length(victim_view) <= 4000),
  -- { "1": { "answer": "yes", "source": "...", "comment": "..." }, ... }
  answers jsonb not null,
  score integer not null check (score >= 0),
  band text check (band in ('high', 'medium', 'standard')),
  gaps integer[] not null,
  -- { "refer": true, "reason": "..." } when the practitioner used professional judgement.
  professional_judgement jsonb,
  -- A follow-up (the stalking screen) points at the checklist that offered it.
  follows_id uuid references risk_assessments(id),
  created_at timestamptz not null default now(),
  check (recorded_by is not null or api_client_id is not null)
);
create index risk_assessments_person on risk_assessments (tenant_id, person_id, completed_on desc, created_at desc);
create index risk_assessments_case on risk_assessments (tenant_id, case_id, completed_on desc) where case_id is not null;
create trigger risk_assessments_immutable before update or delete on risk_assessments
  for each row execute function case_history_refuse_change();
create trigger risk_assessments_no_truncate before truncate on risk_assessments
  for each statement execute function case_history_refuse_change();

-- A checklist being filled in, one section at a time. Deleted when it is completed or abandoned.
create table risk_assessment_drafts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  person_id uuid not null references people(id),
  case_id uuid references cases(id),
  instrument_id text not null,
  instrument_version integer not null,
  language text not null,
  follows_id uuid references risk_assessments(id),
  answers jsonb not null default '{}',
  -- Completed when, by which agency, with the victim or not, the victim's view, professional judgement.
  details jsonb not null default '{}',
  started_by uuid not null references users(id),
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index risk_assessment_drafts_person on risk_assessment_drafts (tenant_id, person_id);

-- The Marac referral gains what a referral form holds. Meetings, agendas and actions will attach to a
-- referral by its id (a later marac_meeting_cases table), so the referral itself stays as recorded.
alter table marac_referrals
  add column person_causing_harm_id uuid references people(id),
  add column referring_person text check (length(referring_person) <= 200),
  add column criteria jsonb not null default '[]',
  add column risk_assessment_id uuid references risk_assessments(id),
  add column consent text check (consent in ('given', 'not-given')),
  add column lawful_basis text check (length(lawful_basis) <= 2000),
  add column risks text check (length(risks) <= 4000),
  add column contact_safety text check (length(contact_safety) <= 2000),
  -- The latest incident the referrer knows of: an incident reported to any agency counts for a repeat.
  add column latest_incident_on date,
  add column repeat boolean not null default false,
  add column previous_referral_id uuid references marac_referrals(id),
  add column api_client_id uuid references api_clients(id),
  add constraint marac_referrals_lawful_basis check (consent is distinct from 'not-given' or length(trim(lawful_basis)) > 0);
create index marac_referrals_queue on marac_referrals (tenant_id, referred_on desc, created_at desc);

create table marac_referral_children (
  tenant_id uuid not null references tenants(id),
  referral_id uuid not null references marac_referrals(id),
  person_id uuid not null references people(id),
  primary key (referral_id, person_id)
);

-- The domestic abuse services a victim can be referred to, by the level of risk they serve.
create table da_services (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  name text not null check (length(trim(name)) between 1 and 200),
  offers text not null check (length(offers) <= 2000),
  how_to_refer text not null check (length(how_to_refer) <= 2000),
  band text not null check (band in ('high', 'medium', 'standard')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index da_services_band on da_services (tenant_id, band) where active;

do $$
declare t text;
begin
  foreach t in array array['risk_instruments', 'risk_settings', 'risk_assessments', 'risk_assessment_drafts', 'marac_referral_children', 'da_services'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

grant select, insert, update on risk_instruments, risk_settings, da_services to wraparound_app;
grant select, insert on risk_assessments, marac_referral_children to wraparound_app;
grant select, insert, update, delete on risk_assessment_drafts to wraparound_app;
