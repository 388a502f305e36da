-- Issue 13, point 1: the referrer hears the outcome. A partner system that sends notifications (a police
-- force) may name the address of its notifying unit; each threshold decision on one of its notifications
-- then leaves an email in this outbox, holding the reference, the decision and its date and nothing about
-- the people. A sender delivers it over SMTP (SMTP_URL) and records when, or why not.
alter table api_clients add column outcome_email text check (outcome_email is null or outcome_email ~ '^[^\s@]+@[^\s@]+\.[^\s@]+$');

create table outcome_emails (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  contact_id uuid not null references contacts(id),
  to_address text not null,
  subject text not null check (length(subject) <= 200),
  body text not null check (length(body) <= 4000),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text check (length(last_error) <= 500)
);
create index outcome_emails_unsent on outcome_emails (created_at) where sent_at is null;

alter table outcome_emails enable row level security;
alter table outcome_emails force row level security;
create policy tenant_isolation on outcome_emails using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update on outcome_emails to wraparound_app;

-- Which emails wait to be sent, across every tenant (the sender runs before it knows any tenant). Only
-- ids: each is then read and marked in its tenant. Those that failed five times wait for a person.
create function unsent_outcome_emails(p_limit integer)
  returns table (id uuid, tenant_id uuid)
  language sql stable security definer set search_path = public
  as $$ select e.id, e.tenant_id from outcome_emails e where e.sent_at is null and e.attempts < 5 order by e.created_at limit p_limit $$;
revoke all on function unsent_outcome_emails(integer) from public;
grant execute on function unsent_outcome_emails(integer) to wraparound_app;
