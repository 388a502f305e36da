-- Issue 11, findings 5 and 7: a session ends after a fixed time however active it is (a tenant
-- setting, 12 hours unless changed), and API tokens expire and can be revoked and rotated.

alter table tenants add column session_max_hours integer not null default 12
  check (session_max_hours between 1 and 24);

-- Tokens already issued expire 90 days after this migration, like new ones from their creation.
alter table api_clients
  add column expires_at timestamptz not null default now() + interval '90 days',
  add column revoked_at timestamptz,
  add column rotated_at timestamptz;

-- The look-up behind every API request now says whether the token may still be used, so that an
-- expired or revoked token is told so rather than taken for a wrong one.
drop function auth_api_client(text);
create function auth_api_client(p_token_hash text)
  returns table (id uuid, tenant_id uuid, usable boolean)
  language sql stable security definer set search_path = public
  as $$ select c.id, c.tenant_id, (c.active and c.revoked_at is null and c.expires_at > now())
        from api_clients c where c.token_hash = p_token_hash $$;
revoke all on function auth_api_client(text) from public;
grant execute on function auth_api_client(text) to wraparound_app;

-- The session look-up reads the tenant's lifetime with the session.
drop function auth_session(text);
create function auth_session(p_id_hash text)
  returns table (tenant_id uuid, user_id uuid, created_at timestamptz, max_hours integer)
  language sql stable security definer set search_path = public
  as $$ select s.tenant_id, s.user_id, s.created_at, t.session_max_hours
        from sessions s join tenants t on t.id = s.tenant_id where s.id_hash = p_id_hash $$;
revoke all on function auth_session(text) from public;
grant execute on function auth_session(text) to wraparound_app;
