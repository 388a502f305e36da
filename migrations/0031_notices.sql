-- Issue 16, point 6: notices to a child's school, nursery or club. A no-contact notice says who must not
-- collect or contact the child, with their photograph when one is held, the orders in force and what to
-- do if they turn up; an Operation Encompass notice tells the school about a domestic abuse incident the
-- police reported, before the next school day starts. Each is made, sent, acknowledged and perhaps
-- withdrawn, in that order; nothing here is removed.

-- The council's start of the school day, for the Encompass deadline (08:30 unless changed).
create table notice_settings (
  tenant_id uuid primary key references tenants(id),
  school_day_starts text not null default '08:30' check (school_day_starts ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  updated_by uuid references users(id),
  updated_at timestamptz
);

-- A photograph of a person on a case, for the notices about them. The bytes are kept as cleaned on upload
-- (a JPEG or PNG by its own bytes, with EXIF, text and time metadata taken out), with their hash; they are
-- served only through the route that asks the access decision for the case. A newer photograph of the same
-- person replaces it for new notices; the old one stays for the notices printed with it.
create table notice_photos (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  content bytea not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png')),
  byte_size integer not null check (byte_size between 1 and 5242880 and byte_size = octet_length(content)),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  metadata_removed text[] not null default '{}',
  uploaded_by uuid not null references users(id),
  uploaded_at timestamptz not null default now(),
  replaced_at timestamptz
);
create unique index notice_photos_one_current on notice_photos (case_id, person_id) where replaced_at is null;

create table school_notices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('no-contact', 'encompass')),
  child_id uuid not null references people(id),
  setting_name text not null check (length(setting_name) between 1 and 200),
  setting_kind text not null check (setting_kind in ('school', 'nursery', 'club')),
  -- The designated safeguarding lead the notice is addressed to.
  safeguarding_lead text not null check (length(safeguarding_lead) between 1 and 200),
  worker_name text not null check (length(worker_name) between 1 and 200),
  worker_phone text not null check (length(worker_phone) between 1 and 40),
  -- A no-contact notice: who must not collect or contact the child, the orders in force, the photograph.
  person_id uuid references people(id),
  orders text[] not null default '{}' check (cardinality(orders) <= 20),
  photo_id uuid references notice_photos(id),
  -- An Operation Encompass notice: the police notification, the incident, what the school should know, and when it is due.
  contact_id uuid references contacts(id),
  incident_on date,
  child_present boolean,
  school_should_know text check (length(school_should_know) between 1 and 3000),
  notified_at timestamptz,
  due_at timestamptz,
  status text not null default 'draft' check (status in ('draft', 'sent', 'acknowledged', 'withdrawn')),
  sent_at timestamptz,
  sent_method text check (sent_method in ('by-hand', 'secure-email', 'post', 'in-person')),
  sent_by uuid references users(id),
  acknowledged_by text check (length(acknowledged_by) between 1 and 200),
  acknowledged_on date,
  withdrawn_reason text check (length(withdrawn_reason) between 1 and 1000),
  withdrawn_on date,
  withdrawn_by uuid references users(id),
  -- The latest copy printed through the document module.
  document_id uuid references document_copies(id),
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz,
  check (kind <> 'no-contact' or person_id is not null),
  check (kind <> 'encompass' or (contact_id is not null and incident_on is not null and child_present is not null and school_should_know is not null and notified_at is not null and due_at is not null)),
  check (status = 'draft' or status = 'withdrawn' or (sent_at is not null and sent_method is not null)),
  check (status <> 'acknowledged' or (acknowledged_by is not null and acknowledged_on is not null)),
  check (status <> 'withdrawn' or (withdrawn_reason is not null and withdrawn_on is not null))
);
create index school_notices_case on school_notices (case_id, created_at);
create index school_notices_contact on school_notices (contact_id, child_id) where contact_id is not null;

do $$
declare t text;
begin
  foreach t in array array['notice_settings', 'notice_photos', 'school_notices'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
      t
    );
  end loop;
end $$;

grant select, insert, update on notice_settings, school_notices to wraparound_app;
grant select, insert on notice_photos to wraparound_app;
grant update (replaced_at) on notice_photos to wraparound_app;
