-- Need to know: withheld whereabouts are seen by explicit, named, time-limited grant (never by
-- allocation); grants can be withdrawn with a reason; a restriction can be lifted with a reason.

-- A whereabouts grant lets one named user see a person's withheld address, contact details and code
-- word until it expires. Someone who holds that view by role gives it, for a reason, for a time.
alter table access_grants drop constraint access_grants_kind_check;
alter table access_grants add constraint access_grants_kind_check check (kind in ('grant', 'break-glass', 'whereabouts'));
alter table access_grants add constraint access_grants_whereabouts_expire
  check (kind <> 'whereabouts' or (subject_type = 'person' and expires_at is not null and granted_by is not null and granted_by <> user_id));

-- Withdrawing a grant records who withdrew it and why; the grant row itself stays, for the audit.
alter table access_grants add column revoked_by uuid references users(id);
alter table access_grants add column revoked_reason text check (revoked_reason is null or length(revoked_reason) between 1 and 1000);
alter table access_grants add constraint access_grants_revoked_together
  check ((revoked_at is null) = (revoked_by is null) and (revoked_at is null) = (revoked_reason is null));

create index access_grants_user on access_grants (tenant_id, user_id, subject_type, subject_id) where revoked_at is null;

-- Relationship look-ups the access decision makes on every request about a person or case.
create index risk_assessments_recorder on risk_assessments (tenant_id, recorded_by, person_id);
create index marac_referrals_creator on marac_referrals (tenant_id, created_by, person_id);
