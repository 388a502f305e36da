-- Issue 14, points 5 to 8: the meeting itself. The chair's run sheet records the confidentiality
-- statement and attendance by agency; per case the information shared, the risks identified and the
-- actions, each tied to the risks it addresses; a repeat's earlier actions are reviewed before new ones
-- are set; actions are tracked to outcomes by the owning agency; the minutes are approved, and change
-- afterwards only by a recorded correction.
alter table marac_meetings add column confidentiality_read_at timestamptz;
alter table marac_meetings add column confidentiality_read_by uuid references users(id);
alter table marac_meetings add column minutes_approved_at timestamptz;
alter table marac_meetings add column minutes_approved_by uuid references users(id);

create table marac_attendance (
  tenant_id uuid not null references tenants(id),
  meeting_id uuid not null references marac_meetings(id),
  agency_id uuid not null references partner_agencies(id),
  status text not null check (status in ('present', 'apologies', 'absent')),
  representative text check (length(representative) <= 200),
  primary key (meeting_id, agency_id),
  constraint marac_attendance_named check (status <> 'present' or length(trim(representative)) > 0)
);

alter table marac_meeting_cases add column information_shared text check (length(information_shared) <= 8000);
alter table marac_meeting_cases add column risk_codes text[] not null default '{}';
alter table marac_meeting_cases add column risk_other text check (length(risk_other) <= 2000);

create table marac_actions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  meeting_case_id uuid not null references marac_meeting_cases(id),
  -- The risks it addresses (codes, or 'other' for the case's own words), and what it should achieve.
  risks text[] not null check (cardinality(risks) > 0),
  aim text not null check (length(trim(aim)) between 1 and 1000),
  for_whom text not null check (for_whom in ('victim', 'children', 'others', 'person-causing-harm')),
  agency_id uuid not null references partner_agencies(id),
  owner_name text check (length(owner_name) <= 120),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'in-progress', 'done', 'not-done')),
  status_note text check (length(status_note) <= 2000),
  updated_at timestamptz,
  updated_by uuid references users(id),
  -- An action set again from an earlier plan, and why when it did not work before.
  copied_from uuid references marac_actions(id),
  copy_reason text check (length(copy_reason) <= 1000),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  constraint marac_actions_not_done check (status <> 'not-done' or length(trim(status_note)) > 0)
);
create index marac_actions_case on marac_actions (meeting_case_id);
create index marac_actions_agency on marac_actions (agency_id, status);
create index marac_actions_due on marac_actions (tenant_id, due_on) where status in ('open', 'in-progress');

-- At a repeat, whether each action of the earlier plan worked.
create table marac_action_reviews (
  tenant_id uuid not null references tenants(id),
  meeting_case_id uuid not null references marac_meeting_cases(id),
  action_id uuid not null references marac_actions(id),
  verdict text not null check (verdict in ('worked', 'partly', 'did-not-work', 'not-done')),
  note text check (length(note) <= 2000),
  reviewed_by uuid references users(id),
  reviewed_at timestamptz not null default now(),
  primary key (meeting_case_id, action_id)
);

create table marac_minutes_corrections (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  meeting_id uuid not null references marac_meetings(id),
  correction text not null check (length(trim(correction)) between 1 and 4000),
  reason text not null check (length(trim(reason)) between 1 and 1000),
  made_by uuid not null references users(id),
  made_at timestamptz not null default now()
);
create index marac_minutes_corrections_meeting on marac_minutes_corrections (meeting_id);

do $$
declare t text;
begin
  foreach t in array array['marac_attendance', 'marac_actions', 'marac_action_reviews', 'marac_minutes_corrections'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on marac_attendance, marac_actions to wraparound_app;
grant select, insert, update on marac_action_reviews to wraparound_app;
grant select, insert on marac_minutes_corrections to wraparound_app;
