-- Issue 13, point 1: a threshold decision acts. Deciding early help, child in need or child protection
-- opens a case for the children or steps their open case up or down; the decision leaves tasks for the
-- people who must act next: the chosen team's managers allocate the case, and a child protection
-- decision asks for a strategy discussion. A task is done when its work is done (the case allocated to
-- a worker) or when someone records it done; it is never deleted.
create table tasks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  kind text not null check (kind in ('allocate-case', 'strategy-discussion')),
  case_id uuid not null references cases(id),
  -- The threshold decision that set it.
  contact_id uuid references contacts(id),
  -- Whose task: the managers of this team.
  team_id uuid not null references teams(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  done_at timestamptz,
  done_by uuid references users(id),
  done_note text check (length(done_note) between 1 and 5000),
  check (done_at is not null or (done_by is null and done_note is null))
);
create index tasks_open_by_team on tasks (tenant_id, team_id, created_at) where done_at is null;
create index tasks_case on tasks (case_id);

alter table tasks enable row level security;
alter table tasks force row level security;
create policy tenant_isolation on tasks using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update on tasks to wraparound_app;

-- Issue 13, point 5: when a worker asks to step a case down or close it, the case waits for a team
-- manager. A projection of the case's events (as status and stage are): when the request was made, or
-- null when nothing waits, so a team manager's home page finds their team's waiting cases by index.
alter table cases add column change_requested_at timestamptz;
create index cases_change_requested on cases (tenant_id, team_id, change_requested_at) where change_requested_at is not null;
