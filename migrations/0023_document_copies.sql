-- Issue 14, point 8 (and issue 16's document module): every copy of a paper the service makes for
-- someone is kept unchanged with its hash, with whom it was for and when: the record of distribution.
create table document_copies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  kind text not null check (length(kind) between 1 and 60),
  -- What the paper is about: a Marac meeting, a case on its agenda.
  subject_type text not null check (subject_type in ('marac-meeting', 'marac-case')),
  subject_id uuid not null,
  title text not null check (length(title) between 1 and 300),
  audience text not null check (audience in ('professional-network', 'marac-agency')),
  recipient_user_id uuid references users(id),
  recipient_name text not null check (length(recipient_name) between 1 and 200),
  recipient_agency_id uuid references partner_agencies(id),
  made_at timestamptz not null default now(),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null
);
create index document_copies_subject on document_copies (subject_type, subject_id, made_at);

alter table document_copies enable row level security;
alter table document_copies force row level security;
create policy tenant_isolation on document_copies using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
-- Copies are kept as made: never changed or removed.
grant select, insert on document_copies to wraparound_app;
