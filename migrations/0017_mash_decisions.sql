-- Issue 13, point 4: what the MASH needs to decide well.

-- The police's own grading of the risk (DASH as the force scored it), when the notification gives one.
alter table contacts add column police_risk_grading text check (police_risk_grading in ('standard', 'medium', 'high'));

-- Who is working on a contact: a MASH worker picks one up, or a MASH manager assigns it.
alter table contacts add column assigned_to uuid references users(id);
alter table contacts add column assigned_at timestamptz;
alter table contacts add constraint contacts_assigned_together check ((assigned_to is null) = (assigned_at is null));
create index contacts_assigned on contacts (tenant_id, assigned_to, decision_due_by) where assigned_to is not null and status = 'awaiting-decision';

-- The MASH queue searched by police reference (exactly, or its start).
create index contacts_reference_search on contacts (tenant_id, reference text_pattern_ops) where reference is not null;

-- The MASH queue searched by the name of someone on the contact: exact spellings compared with bare
-- columns, so the look-up stays an index look-up under row-level security.
create index contact_people_family on contact_people (tenant_id, family_name);
create index contact_people_given on contact_people (tenant_id, given_name);
