-- Platform: tenants, teams, users, sessions, API clients, the audit log, and the application role.
-- Runs as the database owner. The application connects (or, on PGlite, switches) to wraparound_app,
-- which owns nothing, cannot bypass row-level security, and cannot change or delete audit events.

create extension if not exists pgcrypto;
create extension if not exists pg_trgm;
create extension if not exists fuzzystrmatch;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'wraparound_app') then
    create role wraparound_app login nosuperuser nobypassrls nocreatedb nocreaterole;
  end if;
end
$$;

-- The tenant a transaction works for; null when none has been set.
create function current_tenant_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table teams (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  name text not null check (length(name) between 1 and 120),
  created_at timestamptz not null default now()
);
create unique index teams_tenant_name on teams (tenant_id, lower(name));

create table users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  email text not null check (email = lower(email)),
  name text not null check (length(name) between 1 and 200),
  roles text[] not null default '{}',
  password_hash text,
  active boolean not null default true,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  must_change_password boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email on users (email);
create index users_tenant_name on users (tenant_id, lower(name));

create table user_teams (
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id),
  team_id uuid not null references teams(id),
  primary key (user_id, team_id)
);
create index user_teams_team on user_teams (team_id);

create table sessions (
  id_hash text primary key,
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index sessions_user on sessions (user_id);

create table api_clients (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  name text not null check (length(name) between 1 and 200),
  token_hash text not null unique,
  scopes text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);

create table audit_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id),
  seq bigint not null,
  occurred_at timestamptz not null,
  actor_type text not null check (actor_type in ('user', 'api-client', 'system')),
  actor_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text,
  request_id text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null,
  unique (tenant_id, seq)
);
create index audit_events_tenant_time on audit_events (tenant_id, occurred_at desc);
create index audit_events_tenant_actor on audit_events (tenant_id, actor_id, occurred_at desc);
create index audit_events_tenant_action on audit_events (tenant_id, action);

-- The audit log is append-only for everybody, the owner included (a superuser could still disable
-- the trigger; verify-audit would then find the broken chain).
create function audit_events_refuse_change() returns trigger
  language plpgsql
  as $$ begin raise exception 'audit events are append-only'; end $$;
create trigger audit_events_append_only
  before update or delete on audit_events
  for each row execute function audit_events_refuse_change();
create trigger audit_events_no_truncate
  before truncate on audit_events
  for each statement execute function audit_events_refuse_change();

-- Row-level security: every tenant-owned table sees only the transaction's tenant.
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants using (id = current_tenant_id());

do $$
declare t text;
begin
  foreach t in array array['teams', 'users', 'user_teams', 'sessions', 'api_clients', 'audit_events'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

-- Look-ups that must happen before the tenant is known. They run as the owner and return only
-- what sign-in and token checks need.
create function auth_user_by_email(p_email text)
  returns table (id uuid, tenant_id uuid, password_hash text, active boolean, locked_until timestamptz)
  language sql stable security definer set search_path = public
  as $$ select u.id, u.tenant_id, u.password_hash, u.active, u.locked_until from users u where u.email = lower(p_email) $$;

create function auth_session(p_id_hash text)
  returns table (tenant_id uuid, user_id uuid)
  language sql stable security definer set search_path = public
  as $$ select s.tenant_id, s.user_id from sessions s where s.id_hash = p_id_hash $$;

create function auth_api_client(p_token_hash text)
  returns table (id uuid, tenant_id uuid)
  language sql stable security definer set search_path = public
  as $$ select c.id, c.tenant_id from api_clients c where c.token_hash = p_token_hash and c.active $$;

revoke all on function auth_user_by_email(text), auth_session(text), auth_api_client(text) from public;

grant usage on schema public to wraparound_app;
grant execute on function current_tenant_id() to wraparound_app;
grant execute on function auth_user_by_email(text), auth_session(text), auth_api_client(text) to wraparound_app;
grant select on tenants to wraparound_app;
grant select, insert, update on teams, users to wraparound_app;
grant select, insert, delete on user_teams to wraparound_app;
grant select, insert, update, delete on sessions to wraparound_app;
grant select, insert, update on api_clients to wraparound_app;
grant select, insert on audit_events to wraparound_app;
