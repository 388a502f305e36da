-- Issue 11, finding 5: sign-in failures counted in the database, per account and per client address,
-- so that every server process shares them, and so that they slow guessing rather than lock the
-- account (src/domain/sign-in/throttle.ts). Keys are SHA-256 hashes of the email or address: the
-- table holds no personal data. It belongs to no tenant (the tenant is not known before sign-in).
create table sign_in_throttle (
  key_hash text primary key,
  failures integer not null,
  last_failure_at timestamptz not null,
  next_try_at timestamptz not null
);
create index sign_in_throttle_last_failure on sign_in_throttle (last_failure_at);
grant select, insert, update, delete on sign_in_throttle to wraparound_app;
