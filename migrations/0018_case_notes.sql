-- Issue 13, point 5: recording casework properly. A case note records what kind of contact it was,
-- when it happened, who was there, and for a visit whether each child was seen, and seen alone. A note
-- is never changed: a correction is a new note that amends it, with the reason, and the original stays.
alter table case_notes add column kind text check (kind in ('phone-call', 'home-visit', 'office-visit', 'meeting', 'message', 'other'));
alter table case_notes add column occurred_at timestamptz;
alter table case_notes add column present text check (length(present) <= 1000);
-- [{ "personId": "…", "seen": "alone" | "with-others" | "not-seen" }] for each child on the case, at a visit.
alter table case_notes add column children_seen jsonb;
alter table case_notes add column amends uuid references case_notes(id);
alter table case_notes add column amend_reason text check (amend_reason is null or length(amend_reason) between 1 and 1000);
alter table case_notes add constraint case_notes_amendment_reason check ((amends is null) = (amend_reason is null));
create index case_notes_amends on case_notes (amends) where amends is not null;

-- Removing a name from a must-not-receive list is confirmed with a reason, kept with the entry.
alter table must_not_receive add column removed_reason text check (removed_reason is null or length(removed_reason) between 1 and 1000);
