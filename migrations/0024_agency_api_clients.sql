-- Issue 14, point 10: an API client may be issued to one partner agency. It then sees and changes only
-- what that agency's representatives could (the same access decision, as an agency representative).
alter table api_clients add column agency_id uuid references partner_agencies(id);
