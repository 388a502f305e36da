-- Issue 14, point 4. One outbox for every email the service sends: the police outcome emails of issue 13
-- and the Marac's circulation notices and research reminders. None carries personal data. With no SMTP
-- settings (the embedded default) they stay in the outbox, where an administrator can read them.
alter table outcome_emails rename to emails;
alter index outcome_emails_unsent rename to emails_unsent;
alter table emails add column kind text not null default 'notification-outcome' check (kind in ('notification-outcome', 'marac-circulation', 'marac-reminder'));
alter table emails alter column kind drop default;
alter table emails alter column contact_id drop not null;
alter table emails add column meeting_id uuid references marac_meetings(id);
alter table emails add constraint emails_about check ((kind = 'notification-outcome') = (contact_id is not null));
create index emails_by_time on emails (tenant_id, created_at desc);

drop function unsent_outcome_emails(integer);
-- Which emails wait to be sent, across every tenant (the sender runs before it knows any tenant). Only
-- ids: each is then read and marked in its tenant. Those that failed five times wait for a person.
create function unsent_emails(p_limit integer)
  returns table (id uuid, tenant_id uuid)
  language sql stable security definer set search_path = public
  as $$ select e.id, e.tenant_id from emails e where e.sent_at is null and e.attempts < 5 order by e.created_at limit p_limit $$;
revoke all on function unsent_emails(integer) from public;
grant execute on function unsent_emails(integer) to wraparound_app;

-- What each member agency returns, per case, before the meeting: whether it knows the victim, the person
-- causing harm and each child, and what it holds and can offer.
create table marac_research (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  meeting_case_id uuid not null references marac_meeting_cases(id),
  agency_id uuid not null references partner_agencies(id),
  -- What it can offer: picked from its own list, and in its own words.
  offers text[] not null default '{}' check (cardinality(offers) <= 40),
  other_offer text check (length(other_offer) <= 2000),
  returned_at timestamptz not null default now(),
  returned_by uuid references users(id),
  api_client_id uuid references api_clients(id),
  unique (meeting_case_id, agency_id)
);

create table marac_research_findings (
  tenant_id uuid not null references tenants(id),
  research_id uuid not null references marac_research(id),
  person_id uuid not null references people(id),
  known boolean not null,
  involvement text check (length(involvement) <= 2000),
  history text check (length(history) <= 4000),
  risks text check (length(risks) <= 4000),
  primary key (research_id, person_id),
  constraint marac_research_findings_unknown check (known or (involvement is null and history is null and risks is null))
);
create index marac_research_findings_person on marac_research_findings (person_id);

-- Reminders sent to agencies that had not returned, for the grid.
create table marac_research_reminders (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  meeting_id uuid not null references marac_meetings(id),
  agency_id uuid not null references partner_agencies(id),
  sent_by uuid references users(id),
  sent_at timestamptz not null default now()
);
create index marac_research_reminders_meeting on marac_research_reminders (meeting_id);

do $$
declare t text;
begin
  foreach t in array array['marac_research', 'marac_research_findings', 'marac_research_reminders'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on marac_research to wraparound_app;
grant select, insert, delete on marac_research_findings to wraparound_app;
grant select, insert on marac_research_reminders to wraparound_app;
-- A merge moves a person's research findings with the rest of their record.
grant update (person_id) on marac_research_findings to wraparound_app;
