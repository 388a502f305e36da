-- Issue 15: the social work case. The child and family assessment (sections saved one at a time, each
-- with a version so that two people editing never lose an edit), information requests to the network,
-- the child protection process (strategy discussion, section 47 enquiry, conferences held whole or in
-- parts, core groups and reviews), the child's plan with its actions (the person causing harm's too),
-- and visits and missed appointments recorded by any agency. The chronology reads these tables as they
-- are; nothing is copied into it.

-- How often a child on a plan is visited, in working days (a local setting).
create table casework_settings (
  tenant_id uuid primary key references tenants(id),
  cp_visit_working_days integer not null default 10 check (cp_visit_working_days between 1 and 65),
  cin_visit_working_days integer not null default 20 check (cin_visit_working_days between 1 and 65),
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table assessments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  -- The threshold decision it was started from, when it was.
  contact_id uuid references contacts(id),
  referral_date date not null,
  started_on date not null,
  -- 45 working days from the referral on the tenant's calendar, worked out when it starts.
  due_on date not null,
  status text not null default 'in-progress' check (status in ('in-progress', 'submitted', 'returned', 'authorised')),
  recommendation text check (recommendation in ('no-further-action', 'early-help', 'child-in-need-plan', 'strategy-discussion')),
  -- The CIN census factors identified at assessment (DfE codes), as the worker confirmed them.
  factors text[] not null default '{}' check (cardinality(factors) <= 60),
  submitted_at timestamptz,
  submitted_by uuid references users(id),
  returned_at timestamptz,
  returned_by uuid references users(id),
  returned_comment text check (length(returned_comment) between 1 and 5000),
  authorised_at timestamptz,
  authorised_on date,
  authorised_by uuid references users(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (started_on >= referral_date),
  check (authorised_on is null or authorised_on >= started_on),
  check (status <> 'authorised' or (authorised_at is not null and authorised_by is not null and authorised_on is not null)),
  check (authorised_by is null or authorised_by <> submitted_by)
);
create index assessments_case on assessments (case_id, started_on);
-- One assessment at a time on a case: a new one starts when the last is authorised.
create unique index assessments_one_open on assessments (case_id) where status <> 'authorised';
create index assessments_open_due on assessments (tenant_id, due_on) where status <> 'authorised';

-- A section's answers. `part` is '' for a section about the family, or a child's id for a section
-- about one child (the child's voice, the impact on the child). `version` counts saves.
create table assessment_sections (
  tenant_id uuid not null references tenants(id),
  assessment_id uuid not null references assessments(id),
  section text not null check (length(section) between 1 and 60),
  part text not null default '',
  answers jsonb not null default '{}',
  completed boolean not null default false,
  version integer not null default 1,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  primary key (assessment_id, section, part)
);

-- Which answers each save changed, so a later save can say what changed under it.
create table assessment_section_changes (
  tenant_id uuid not null references tenants(id),
  assessment_id uuid not null references assessments(id),
  section text not null,
  part text not null,
  version integer not null,
  fields text[] not null,
  changed_by uuid references users(id),
  changed_at timestamptz not null default now(),
  primary key (assessment_id, section, part, version)
);

create table information_requests (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  assessment_id uuid references assessments(id),
  source text not null check (source in ('police', 'gp', 'health-visitor', 'school', 'adult-mental-health', 'substance-misuse', 'housing', 'hospital', 'probation', 'da-service', 'extended-family')),
  -- Answered in the product by this partner agency's representatives; otherwise the worker records the answer.
  agency_id uuid references partner_agencies(id),
  recipient text not null check (length(trim(recipient)) between 1 and 200),
  method text not null check (method in ('in-product', 'email', 'phone', 'letter')),
  question text not null check (length(trim(question)) between 1 and 5000),
  -- The assessment sections the answer informs.
  informs text[] not null default '{}',
  due_on date not null,
  asked_on date not null,
  asked_by uuid references users(id),
  asked_at timestamptz not null default now(),
  reminders integer not null default 0,
  last_reminded_at timestamptz,
  returned_on date,
  returned_at timestamptz,
  returned_by uuid references users(id),
  answer text check (length(answer) between 1 and 20000),
  check (due_on >= asked_on),
  check ((method = 'in-product') = (agency_id is not null)),
  check ((returned_at is null) = (answer is null)),
  check (returned_on is null or returned_on >= asked_on)
);
create index information_requests_case on information_requests (case_id, asked_at);
create index information_requests_agency_open on information_requests (agency_id, due_on) where returned_at is null and agency_id is not null;

create table strategy_discussions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  -- The threshold decision's task it answers, when it does.
  task_id uuid references tasks(id),
  held_on date not null,
  -- [{ "agency": "police", "name": "DS Example" }, …]
  attendees jsonb not null default '[]',
  decision text not null check (decision in ('section-47', 'child-in-need', 'early-help', 'no-further-action')),
  reasons text not null check (length(trim(reasons)) between 1 and 5000),
  immediate_actions text check (length(immediate_actions) <= 5000),
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now()
);
create index strategy_discussions_case on strategy_discussions (case_id, held_on);

-- One enquiry per child.
create table section_47_enquiries (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  child_id uuid not null references people(id),
  strategy_discussion_id uuid not null references strategy_discussions(id),
  started_on date not null,
  outcome text check (outcome in ('conference', 'child-in-need', 'no-further-action')),
  outcome_on date,
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now(),
  check ((outcome is null) = (outcome_on is null)),
  check (outcome_on is null or outcome_on >= started_on)
);
create index section_47_enquiries_case on section_47_enquiries (case_id, started_on);

create table plans (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('child-in-need', 'child-protection')),
  started_on date not null,
  ended_on date,
  end_reason text check (length(end_reason) between 1 and 2000),
  -- What the plan is for: each outcome for the children, in the family's and the children's terms.
  outcomes text[] not null default '{}' check (cardinality(outcomes) <= 30),
  -- A review brought forward after a new incident (seed 004 section 8).
  review_brought_forward_to date,
  version integer not null default 1,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (ended_on is null or ended_on >= started_on),
  check ((ended_on is null) = (end_reason is null))
);
create index plans_case on plans (case_id, started_on);
create unique index plans_one_live on plans (case_id, kind) where ended_on is null;

-- Each child subject to the plan. A child protection plan has a category of abuse for each child.
create table plan_children (
  tenant_id uuid not null references tenants(id),
  plan_id uuid not null references plans(id),
  child_id uuid not null references people(id),
  initial_category text check (initial_category in ('neglect', 'physical', 'sexual', 'emotional', 'multiple')),
  latest_category text check (latest_category in ('neglect', 'physical', 'sexual', 'emotional', 'multiple')),
  primary key (plan_id, child_id)
);
create index plan_children_child on plan_children (child_id);

create table conferences (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('initial', 'review')),
  held_on date not null,
  -- The plan it made (initial) or reviewed (review).
  plan_id uuid references plans(id),
  decision text not null check (decision in ('plan', 'no-plan', 'continue', 'end')),
  category text check (category in ('neglect', 'physical', 'sexual', 'emotional', 'multiple')),
  -- Held in parts because joint attendance would put the victim at risk.
  split boolean not null default false,
  chair text check (length(chair) <= 200),
  reasons text not null check (length(trim(reasons)) between 1 and 5000),
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now(),
  check ((decision = 'plan') = (category is not null) or kind = 'review')
);
create index conferences_case on conferences (case_id, held_on);

-- Who attends which part. A conference not split has one part.
create table conference_parts (
  tenant_id uuid not null references tenants(id),
  conference_id uuid not null references conferences(id),
  part integer not null check (part between 1 and 4),
  attendees text not null check (length(trim(attendees)) between 1 and 2000),
  with_victim boolean not null,
  with_person_causing_harm boolean not null,
  primary key (conference_id, part),
  check (not (with_victim and with_person_causing_harm))
);

create table plan_actions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  plan_id uuid not null references plans(id),
  -- The risk or need from the assessment it answers.
  need text not null check (length(trim(need)) between 1 and 500),
  action text not null check (length(trim(action)) between 1 and 2000),
  -- Who does it: a person on the case (the person causing harm too), or an agency.
  owner_person_id uuid references people(id),
  owner_agency text check (length(trim(owner_agency)) between 1 and 200),
  due_on date not null,
  status text not null default 'not-started' check (status in ('not-started', 'in-progress', 'done', 'not-done')),
  status_note text check (length(status_note) <= 2000),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check ((owner_person_id is null) <> (owner_agency is null))
);
create index plan_actions_plan on plan_actions (plan_id, due_on);

-- Core groups, child in need reviews and review conferences, with the progress on each action.
create table plan_reviews (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  plan_id uuid not null references plans(id),
  kind text not null check (kind in ('core-group', 'review-conference', 'cin-review')),
  held_on date not null,
  conference_id uuid references conferences(id),
  progress text not null check (length(trim(progress)) between 1 and 5000),
  -- [{ "actionId": …, "status": …, "note": … }]
  action_progress jsonb not null default '[]',
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now()
);
create index plan_reviews_plan on plan_reviews (plan_id, held_on);

-- Visits to a child, visits where nobody answered, and missed appointments with any agency.
create table visits (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  child_id uuid references people(id),
  kind text not null check (kind in ('visit', 'no-access', 'missed-appointment')),
  happened_on date not null,
  -- The agency whose visit or appointment it was ("Children's services" for the worker's own).
  agency text not null check (length(trim(agency)) between 1 and 200),
  seen boolean,
  seen_alone boolean,
  others_present text check (length(others_present) <= 500),
  -- A professional interpreter's name or booking (a family member, a friend or a child never interprets).
  interpreter text check (length(interpreter) <= 200),
  note text check (length(note) <= 5000),
  recorded_by uuid references users(id),
  api_client_id uuid references api_clients(id),
  recorded_at timestamptz not null default now(),
  check (kind = 'visit' or (seen is null and seen_alone is null)),
  check (kind <> 'visit' or (seen is not null and child_id is not null)),
  check (seen_alone is null or not seen_alone or seen)
);
create index visits_case on visits (case_id, happened_on);

do $$
declare t text;
begin
  foreach t in array array['casework_settings', 'assessments', 'assessment_sections', 'assessment_section_changes', 'information_requests',
    'strategy_discussions', 'section_47_enquiries', 'plans', 'plan_children', 'conferences', 'conference_parts', 'plan_actions',
    'plan_reviews', 'visits'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on casework_settings, assessments, assessment_sections, information_requests, section_47_enquiries,
  plans, plan_children, plan_actions, conferences to wraparound_app;
grant select, insert on assessment_section_changes, strategy_discussions, conference_parts, plan_reviews, visits to wraparound_app;

-- A conference part's paper may go to the person causing harm's part (issue 15, split conferences).
alter table document_copies drop constraint document_copies_audience_check;
alter table document_copies add constraint document_copies_audience_check check (audience in ('professional-network', 'marac-agency', 'person-causing-harm'));
