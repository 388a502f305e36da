import { auditChainKeyFrom, useAuditChainKey } from '../../src/platform/audit/chain-key.js';

// The integration and browser tests key the audit chain as production must (vitest.config.ts sets
// AUDIT_CHAIN_KEY for them, and child processes inherit it), so every test that checks the chain
// checks a keyed one.
useAuditChainKey(auditChainKeyFrom(process.env.AUDIT_CHAIN_KEY ?? ''));
