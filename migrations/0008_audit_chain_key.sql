-- Issue 11, finding 2: the audit chain is keyed with a secret held outside the database
-- (AUDIT_CHAIN_KEY), so the chain cannot be recomputed after an edit by someone who can only write
-- to the database. Each event records the fingerprint of the key its hash was made with; events
-- written before a key was set keep null and an unkeyed SHA-256 hash.
alter table audit_events add column chain_key_id text;
