import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AuditChainKeyError, auditChainKeyFrom, type AuditChainKey } from './audit/chain-key.js';

/** Where the project lives (views, migrations and static data are read from here). */
export const projectRoot = resolve(import.meta.dirname, '..', '..', import.meta.dirname.includes('/dist/') ? '..' : '.');

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string | 'memory'; /** The time limit on one embedded query (default 30 s). */ queryTimeoutMs?: number }
  | { kind: 'postgres'; ownerUrl: string; appUrl: string; poolSize: number };

export type AuthMode = 'password' | 'oidc';

/**
 * How costly password hashes are to make. `standard`, the default, is argon2id with OWASP's minimums
 * (src/platform/auth/passwords.ts). `test` is a deliberately weak setting for the test suite only
 * (vitest.config.ts sets it for the integration and e2e projects), so that making users and signing in
 * does not dominate the run time. It is refused unless NODE_ENV=test, so never in production.
 */
export type PasswordHashCost = 'standard' | 'test';

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  database: DatabaseConfig;
  sessionSecret: string;
  cookieSecure: boolean;
  idleTimeoutMinutes: number;
  authMode: AuthMode;
  oidc: { issuer: string; clientId: string } | null;
  logLevel: string;
  metricsToken: string | null;
  signInRateLimitPerMinute: number;
  trustProxy: boolean;
  /** The secret the audit chain is keyed with (AUDIT_CHAIN_KEY); null writes unkeyed events. */
  auditChainKey: AuditChainKey | null;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  APP_DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  WRAPAROUND_DATA_DIR: z.string().optional(),
  EMBEDDED_QUERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  IDLE_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(480).default(30),
  AUTH_MODE: z.enum(['password', 'oidc']).default('password'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16).optional(),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  PASSWORD_HASH_COST: z.enum(['standard', 'test']).default('standard'),
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: z.enum(['true', 'false']).default('false'),
  AUDIT_CHAIN_KEY: z.string().optional(),
});

export class ConfigError extends Error {}

const passwordHashCostSchema = envSchema.pick({ NODE_ENV: true, PASSWORD_HASH_COST: true });

function checkedPasswordHashCost(e: { NODE_ENV: Config['env']; PASSWORD_HASH_COST: PasswordHashCost }): PasswordHashCost {
  if (e.PASSWORD_HASH_COST === 'test' && e.NODE_ENV !== 'test') {
    throw new ConfigError(
      `Invalid configuration:\n  PASSWORD_HASH_COST=test is only for the test suite (NODE_ENV=test), not NODE_ENV=${e.NODE_ENV}`,
    );
  }
  return e.PASSWORD_HASH_COST;
}

/**
 * PASSWORD_HASH_COST from the environment: `standard` unless it says `test` and NODE_ENV is `test`.
 * Throws a ConfigError for any other value, or for `test` outside the test suite.
 */
export function passwordHashCostFrom(env: Record<string, string | undefined> = process.env): PasswordHashCost {
  const parsed = passwordHashCostSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return checkedPasswordHashCost(parsed.data);
}

/** The application role's connection string: APP_DATABASE_URL, or DATABASE_URL with the user swapped. */
export function appUrlFrom(ownerUrl: string, explicit?: string): string {
  if (explicit) return explicit;
  const url = new URL(ownerUrl);
  url.username = 'wraparound_app';
  url.password = '';
  return url.toString();
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: { dataDir?: string; port?: number } = {},
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(overrides.dataDir ?? e.WRAPAROUND_DATA_DIR ?? 'data');
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: 'postgres', ownerUrl: e.DATABASE_URL, appUrl: appUrlFrom(e.DATABASE_URL, e.APP_DATABASE_URL), poolSize: e.DATABASE_POOL_SIZE }
    : { kind: 'pglite', dataDir, queryTimeoutMs: e.EMBEDDED_QUERY_TIMEOUT_SECONDS * 1000 };
  if (e.AUTH_MODE === 'oidc' && (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID)) {
    throw new ConfigError('Invalid configuration:\n  AUTH_MODE=oidc needs OIDC_ISSUER and OIDC_CLIENT_ID');
  }
  checkedPasswordHashCost(e);
  const auditChainKey = checkedAuditChainKey(e.AUDIT_CHAIN_KEY);
  if (e.NODE_ENV === 'production') {
    const problems = [
      !auditChainKey && 'AUDIT_CHAIN_KEY is required in production (the audit chain is keyed with a secret kept outside the database)',
      !e.SESSION_SECRET && 'SESSION_SECRET is required in production',
      !e.METRICS_TOKEN && 'METRICS_TOKEN is required in production (the metrics endpoint is never open there)',
      database.kind === 'pglite' &&
        e.ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION !== 'true' &&
        'production needs PostgreSQL (DATABASE_URL): the embedded database is for trying Wraparound and for tests. Set ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true only if you accept that',
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return {
    env: e.NODE_ENV,
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    database,
    sessionSecret: e.SESSION_SECRET ?? (e.NODE_ENV === 'development' ? developmentSecret(database) : randomBytes(32).toString('hex')),
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV !== 'development',
    idleTimeoutMinutes: e.IDLE_TIMEOUT_MINUTES,
    authMode: e.AUTH_MODE,
    oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID } : null,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN ?? null,
    signInRateLimitPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY === 'true',
    auditChainKey,
  };
}

function checkedAuditChainKey(text: string | undefined): AuditChainKey | null {
  if (!text) return null;
  try {
    return auditChainKeyFrom(text);
  } catch (error) {
    if (error instanceof AuditChainKeyError) throw new ConfigError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
}

/** Outside production a secret is made once and kept beside the embedded database. */
function developmentSecret(database: DatabaseConfig): string {
  if (database.kind !== 'pglite' || database.dataDir === 'memory') return randomBytes(32).toString('hex');
  mkdirSync(database.dataDir, { recursive: true });
  const file = join(database.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
