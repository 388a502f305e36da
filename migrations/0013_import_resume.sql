-- Issue 11, build 5: an uploaded import carries on by itself after the service stops in the middle of
-- it (a crash, a kill, a restart). The uploaded file is kept with its job only while the job runs (it
-- holds the same details the import puts into contacts, and is cleared when the job ends), with the last
-- row of the file the job has finished with, saved with its progress.
alter table notification_imports
  add column file_data bytea,
  add column resume_after_row integer not null default 0 check (resume_after_row >= 0),
  -- When the job was last taken up again after the service stopped, and how many times.
  add column resumed_at timestamptz,
  add column resumed_count integer not null default 0 check (resumed_count >= 0);

-- Which running jobs have stopped moving and can be carried on, across every tenant (a server process
-- looks for them before it knows any tenant). Only ids: the job is then read and claimed in its tenant.
create function stalled_notification_imports(p_quiet_seconds integer)
  returns table (id uuid, tenant_id uuid)
  language sql stable security definer set search_path = public
  as $$ select i.id, i.tenant_id from notification_imports i
        where i.status = 'running' and i.file_data is not null
          and i.updated_at < now() - make_interval(secs => p_quiet_seconds) $$;
revoke all on function stalled_notification_imports(integer) from public;
grant execute on function stalled_notification_imports(integer) to wraparound_app;
