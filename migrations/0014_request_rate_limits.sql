-- Issue 12, point 5: the per-minute limit on sign-in posts counted in the database, so that every
-- server process (WEB_PROCESSES above 1) shares one count (src/platform/http/plugins/rate-limit-store.ts).
-- A key is the SHA-256 hash of the route and the client address: the table holds no personal data.
-- It belongs to no tenant: the limit applies before anyone has signed in.
create table request_rate_limits (
  key_hash text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);
create index request_rate_limits_window on request_rate_limits (window_started_at);
grant select, insert, update, delete on request_rate_limits to wraparound_app;
