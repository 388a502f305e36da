-- Bulk imports of police notifications from a CSV file: one job per file, with its progress, its
-- counts and a per-row error report. The report names the row and the column and says what is
-- wrong; it never holds a value from the file.

create table notification_imports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  file_name text not null check (length(file_name) between 1 and 255),
  -- The user who uploaded it; null when it was run from the command line.
  started_by uuid references users(id),
  status text not null default 'running' check (status in ('running', 'finished', 'failed')),
  -- Notification rows in the file (the header not counted); null until they have been counted.
  rows_total integer check (rows_total >= 0),
  rows_processed integer not null default 0 check (rows_processed >= 0),
  created integer not null default 0 check (created >= 0),
  duplicates integer not null default 0 check (duplicates >= 0),
  rejected integer not null default 0 check (rejected >= 0),
  -- [{ "row": 7, "column": "victim_date_of_birth", "message": "must be a real date" }, ...]
  errors jsonb not null default '[]',
  -- Why the whole file stopped (a broken header, the database going away); never a value from the file.
  failure text check (length(failure) <= 500),
  started_at timestamptz not null default now(),
  -- When the job last wrote its progress: a running job that has not moved for a while was stopped.
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index notification_imports_recent on notification_imports (tenant_id, started_at desc);

alter table notification_imports enable row level security;
alter table notification_imports force row level security;
create policy tenant_isolation on notification_imports
  using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

grant select, insert, update on notification_imports to wraparound_app;
