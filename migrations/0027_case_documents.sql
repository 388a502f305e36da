-- Issue 16, point 1: one document module. The copies the Marac's papers already kept (0023) become
-- every document the service makes: a case's letters, safety plans and notices too. Each is kept as it
-- was made, with its hash, its template, language and audience, and what was filled into it (so the
-- print page shows exactly what the PDF holds); every disclosure of it is recorded with the lawful basis.
-- Nothing made is ever changed or removed: a correction is a new document that names the one it corrects.

alter table document_copies drop constraint document_copies_subject_type_check;
alter table document_copies add constraint document_copies_subject_type_check check (subject_type in ('marac-meeting', 'marac-case', 'case'));
alter table document_copies drop constraint document_copies_audience_check;
alter table document_copies add constraint document_copies_audience_check check (audience in ('professional-network', 'marac-agency', 'victim', 'person-causing-harm', 'parent', 'school', 'child', 'interpreter'));

alter table document_copies
  add column case_id uuid references cases(id),
  add column template text check (template ~ '^[a-z][a-z0-9-]{1,59}$'),
  add column language text not null default 'en' check (language ~ '^[a-z]{2,3}$'),
  add column neutral boolean not null default false,
  -- The filled document (title, subtitle and blocks) the PDF was made from: the print page shows this.
  add column paper jsonb,
  add column recipient_person_id uuid references people(id),
  add column made_by uuid references users(id),
  add column corrects_id uuid references document_copies(id);
alter table document_copies add constraint document_copies_case_documents check (subject_type <> 'case' or (case_id = subject_id and template is not null and paper is not null and made_by is not null));
create index document_copies_case on document_copies (case_id, made_at) where case_id is not null;

create table document_disclosures (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  document_id uuid not null references document_copies(id),
  recipient text not null check (length(recipient) between 1 and 200),
  disclosed_on date not null,
  method text not null check (method in ('post', 'by-hand', 'secure-email', 'email', 'in-person', 'collected')),
  lawful_basis text not null check (lawful_basis in ('public-task', 'safeguarding', 'legal-obligation', 'vital-interests', 'consent')),
  note text check (length(note) <= 1000),
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now()
);
create index document_disclosures_document on document_disclosures (document_id, disclosed_on);

alter table document_disclosures enable row level security;
alter table document_disclosures force row level security;
create policy tenant_isolation on document_disclosures using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert on document_disclosures to wraparound_app;

-- Kept as made, whoever asks: the grants already leave the service no update or delete; this holds for
-- the database's owner too.
create function refuse_document_change() returns trigger language plpgsql as $$
begin
  raise exception 'documents are kept as they were made: a correction is a new document' using errcode = '55000';
end;
$$;
create trigger document_copies_kept before update or delete on document_copies for each row execute function refuse_document_change();
create trigger document_disclosures_kept before update or delete on document_disclosures for each row execute function refuse_document_change();
