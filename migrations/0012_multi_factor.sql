-- Issue 11, build 2: a second step at sign-in for local accounts. A user sets up an authenticator
-- app (a time-based one-time password, RFC 6238); its secret is kept only sealed under MFA_SECRET_KEY,
-- which the database never sees. Recovery codes are kept only as hashes, each usable once. A council
-- can require the second step of every role that sees case content. A lost device is reset only when a
-- second administrator approves, as roles are.

alter table tenants add column mfa_required boolean not null default false;

alter table users
  add column mfa_secret_sealed text,
  -- Set once the user has entered a code from the app: until then the secret is only being set up.
  add column mfa_enrolled_at timestamptz,
  -- The time step of the last code accepted: a code is never accepted twice.
  add column mfa_last_time_step bigint,
  add constraint users_mfa_enrolled_has_secret check (mfa_enrolled_at is null or mfa_secret_sealed is not null);

-- When this session's second step was done (null: not yet, or not needed when it began).
alter table sessions add column second_factor_at timestamptz;

create table mfa_recovery_codes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id),
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  unique (user_id, code_hash)
);
create index mfa_recovery_codes_unused on mfa_recovery_codes (user_id) where used_at is null;

-- A request to reset a user's authenticator app (a lost or changed phone), waiting for a second
-- administrator. The one who asked, and the user concerned, can never be the one who decides.
create table mfa_reset_requests (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id),
  reason text not null check (length(reason) between 1 and 1000),
  requested_by uuid not null references users(id),
  requested_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'approved', 'refused')),
  decided_by uuid references users(id),
  decided_at timestamptz,
  constraint mfa_reset_requests_decided_together
    check ((status = 'pending') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  constraint mfa_reset_requests_second_person
    check (requested_by <> user_id and (decided_by is null or (decided_by <> requested_by and decided_by <> user_id)))
);
-- One waiting request per user at a time.
create unique index mfa_reset_requests_one_pending on mfa_reset_requests (tenant_id, user_id) where status = 'pending';

do $$
declare t text;
begin
  foreach t in array array['mfa_recovery_codes', 'mfa_reset_requests'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

grant select, insert, update, delete on mfa_recovery_codes to wraparound_app;
grant select, insert, update on mfa_reset_requests to wraparound_app;

-- The session look-up reads whether the tenant requires the second step, with its lifetime.
drop function auth_session(text);
create function auth_session(p_id_hash text)
  returns table (tenant_id uuid, user_id uuid, created_at timestamptz, max_hours integer, mfa_required boolean)
  language sql stable security definer set search_path = public
  as $$ select s.tenant_id, s.user_id, s.created_at, t.session_max_hours, t.mfa_required
        from sessions s join tenants t on t.id = s.tenant_id where s.id_hash = p_id_hash $$;
revoke all on function auth_session(text) from public;
grant execute on function auth_session(text) to wraparound_app;
