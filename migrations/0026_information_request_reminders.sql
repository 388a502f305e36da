-- Issue 15, point 2. A partner agency's representatives are reminded by email that a request for
-- information waits for their agency. Like every email in the outbox, it carries no personal data.
alter table emails drop constraint emails_kind_check;
alter table emails add constraint emails_kind_check check (kind in ('notification-outcome', 'marac-circulation', 'marac-reminder', 'information-request-reminder'));
