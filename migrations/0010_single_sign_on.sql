-- Single sign-on through the council's own identity provider (OpenID Connect; issue 11, "What to build" 1).
--
-- A tenant's settings say which provider it trusts (its issuer), as which client, the claim that
-- carries the user's groups, and whether someone with a mapped group but no account yet gets one. The
-- client secret is kept only as AES-256-GCM ciphertext made with OIDC_SECRET_KEY, a key the database
-- never sees. Settings and group mappings are the operator's (`wraparound configure-sso`, as the owner):
-- the application role may read them, never change them, so nothing done through the web service can
-- send a council's sign-in to another provider or give a group a role.

create table sso_settings (
  tenant_id uuid primary key references tenants(id),
  issuer text not null check (issuer ~ '^https?://[^\s]+$' and length(issuer) <= 500),
  client_id text not null check (length(client_id) between 1 and 200),
  client_secret_sealed text not null check (client_secret_sealed like 'v1.%'),
  groups_claim text not null default 'groups' check (groups_claim ~ '^[A-Za-z0-9_.:/-]{1,100}$'),
  allow_new_accounts boolean not null default false,
  updated_at timestamptz not null default now()
);

-- Which role (and, when given, which team) each of the provider's groups gives. A user's roles are
-- those of their mapped groups, set again at every sign-in.
create table sso_group_mappings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references sso_settings(tenant_id) on delete cascade,
  group_id text not null check (length(group_id) between 1 and 200),
  role text not null,
  team_id uuid references teams(id),
  unique nulls not distinct (tenant_id, group_id, role, team_id)
);
create index sso_group_mappings_tenant on sso_group_mappings (tenant_id);

-- The person at the provider (issuer and subject) whom a user is: set at their first single sign-on,
-- found by the subject afterwards, so a changed or reused email at the provider cannot move an account.
create table sso_identities (
  tenant_id uuid not null references tenants(id),
  user_id uuid not null references users(id) primary key,
  issuer text not null,
  subject text not null check (length(subject) between 1 and 255),
  linked_at timestamptz not null default now(),
  unique (tenant_id, issuer, subject)
);

-- A sign-in in progress, between sending the browser to the provider and its return: found by the
-- hash of a random value kept in a cookie of that browser, used once, gone after 10 minutes.
create table sso_attempts (
  id_hash text primary key,
  tenant_id uuid not null references tenants(id),
  state text not null,
  nonce text not null,
  code_verifier text not null,
  redirect_uri text not null,
  return_to text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (expires_at > created_at)
);
create index sso_attempts_tenant_expiry on sso_attempts (tenant_id, expires_at);

-- How a session was signed in, and for single sign-on where sign-out sends the browser next (the
-- provider's end-session address with the hint it needs), so signing out ends both sessions.
alter table sessions
  add column signed_in_with text not null default 'password' check (signed_in_with in ('password', 'single-sign-on')),
  add column provider_sign_out_url text check (provider_sign_out_url is null or signed_in_with = 'single-sign-on');

do $$
declare t text;
begin
  foreach t in array array['sso_settings', 'sso_group_mappings', 'sso_identities', 'sso_attempts'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t);
  end loop;
end
$$;

-- Before anyone is signed in the tenant is not known. These look-ups run as the owner and say only
-- which councils sign in through their provider (to offer them on the sign-in page), and whose a sign-in
-- in progress is.
create function auth_sso_tenants()
  returns table (id uuid, slug text, name text)
  language sql stable security definer set search_path = public
  as $$ select t.id, t.slug, t.name from tenants t join sso_settings s on s.tenant_id = t.id order by t.name $$;

create function auth_sso_attempt(p_id_hash text)
  returns table (tenant_id uuid)
  language sql stable security definer set search_path = public
  as $$ select a.tenant_id from sso_attempts a where a.id_hash = p_id_hash $$;

revoke all on function auth_sso_tenants(), auth_sso_attempt(text) from public;
grant execute on function auth_sso_tenants(), auth_sso_attempt(text) to wraparound_app;

grant select on sso_settings, sso_group_mappings to wraparound_app;
grant select, insert, update on sso_identities to wraparound_app;
grant select, insert, delete on sso_attempts to wraparound_app;
