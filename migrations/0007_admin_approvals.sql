-- Administrators administer (issue 10, hole 3): giving a role that sees case content, withheld
-- whereabouts or the audit log needs a second administrator's approval; a password is set by the
-- user through a one-time link, never by the administrator; messages to users wait in an outbox.

-- A role request: roles one administrator asked to give a user, waiting for another to decide. The
-- one who asked, and the user concerned, can never be the one who decides.
create table role_requests (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id),
  roles text[] not null check (cardinality(roles) > 0),
  reason text not null check (length(reason) between 1 and 1000),
  requested_by uuid not null references users(id),
  requested_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'approved', 'refused')),
  decided_by uuid references users(id),
  decided_at timestamptz,
  constraint role_requests_decided_together
    check ((status = 'pending') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  constraint role_requests_second_person
    check (requested_by <> user_id and (decided_by is null or (decided_by <> requested_by and decided_by <> user_id)))
);
create index role_requests_pending on role_requests (tenant_id, requested_at) where status = 'pending';
create index role_requests_user on role_requests (tenant_id, user_id);

-- A link to set a password: only the hash of its token is kept. It works once, until it expires,
-- and a newer link for the same user revokes it.
create table password_links (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id),
  token_hash text not null unique,
  purpose text not null check (purpose in ('new-account', 'reset')),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  check (expires_at > created_at)
);
create index password_links_user on password_links (tenant_id, user_id) where used_at is null and revoked_at is null;

-- Messages to a user, kept until a sender delivers them (there is no email sender yet). The
-- application only adds messages: it cannot read them back, so no page can show a link in one.
create table outbound_messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  to_user_id uuid not null references users(id),
  kind text not null check (kind in ('password-link')),
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbound_messages_unsent on outbound_messages (created_at) where sent_at is null;

do $$
declare t text;
begin
  foreach t in array array['role_requests', 'password_links', 'outbound_messages'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

-- The set-password page is opened before anyone is signed in, so the tenant is not known yet. This
-- look-up runs as the owner and says only whose link a token hash is and whether it can still be used.
create function auth_password_link(p_token_hash text)
  returns table (id uuid, tenant_id uuid, user_id uuid, usable boolean)
  language sql stable security definer set search_path = public
  as $$
    select l.id, l.tenant_id, l.user_id, (l.used_at is null and l.revoked_at is null and l.expires_at > now() and u.active)
    from password_links l join users u on u.id = l.user_id
    where l.token_hash = p_token_hash
  $$;
revoke all on function auth_password_link(text) from public;
grant execute on function auth_password_link(text) to wraparound_app;

grant select, insert, update on role_requests, password_links to wraparound_app;
grant insert on outbound_messages to wraparound_app;
