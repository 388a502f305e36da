import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { AuditChainKeyError, auditChainKeyFrom, type AuditChainKey } from './audit/chain-key.js';
import { SealedSecretError, secretKeyFrom } from './crypto/sealed-secret.js';

/** Where the project lives (views, migrations and static data are read from here). */
export const projectRoot = resolve(import.meta.dirname, '..', '..', import.meta.dirname.includes('/dist/') ? '..' : '.');

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string | 'memory'; /** The time limit on one embedded query (default 30 s). */ queryTimeoutMs?: number }
  | {
      kind: 'postgres';
      ownerUrl: string;
      appUrl: string;
      poolSize: number;
      /** The application role on a streaming replica, for signed-in pages' reads (APP_READ_DATABASE_URL). */
      readAppUrl?: string;
      /** How far behind the primary the replica may be and still be read from (READ_REPLICA_MAX_LAG_SECONDS). */
      replicaMaxLagMs?: number;
    };

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
  /**
   * Single sign-on (each tenant's provider is set with `wraparound configure-sso`): the key that seals
   * the client secrets in the database (OIDC_SECRET_KEY), and the service's public address (PUBLIC_URL),
   * from which the address the provider sends people back to is made. Without PUBLIC_URL (never in
   * production) that address is made from the request's own.
   */
  singleSignOn: { secretKey: KeyObject | null; publicUrl: string | null };
  logLevel: string;
  metricsToken: string | null;
  signInRateLimitPerMinute: number;
  trustProxy: boolean;
  /**
   * SERVER_TIMING=true: every response says where its time went (session, access check, audit, the
   * page's queries, rendering) in a Server-Timing header, for the benchmarks (docs/performance.md).
   * Off by default: the figures say nothing personal, but they are of no use to a user.
   */
  serverTiming: boolean;
  /**
   * How many Node processes serve requests (WEB_PROCESSES: a number, or `auto` for one per core).
   * Above 1 only with PostgreSQL: they share one port, and keep sessions, sign-in counts and rate
   * limits in the database (docs/adr/0009-cluster-shares-state-in-the-database.md).
   */
  webProcesses: number;
  /** The secret the audit chain is keyed with (AUDIT_CHAIN_KEY); null writes unkeyed events. */
  auditChainKey: AuditChainKey | null;
  /**
   * The key that seals each user's authenticator app secret in the database (MFA_SECRET_KEY; required in
   * production). Outside production, without it, a key is derived from the session secret.
   */
  mfaSecretKey: KeyObject;
  /**
   * Where outcome emails to the units that sent notifications go (SMTP_URL, e.g. smtp://mail.council:587)
   * and who they come from (MAIL_FROM). Null sends none: they wait in the outbox.
   */
  smtp: { url: string; from: string } | null;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  APP_DATABASE_URL: z.string().url().optional(),
  APP_READ_DATABASE_URL: z.string().url().optional(),
  READ_REPLICA_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(3600).default(2),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  WRAPAROUND_DATA_DIR: z.string().optional(),
  EMBEDDED_QUERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  IDLE_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(480).default(30),
  AUTH_MODE: z.enum(['password', 'oidc']).default('password'),
  OIDC_SECRET_KEY: z.string().optional(),
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\/[^/?#]+\/?$/.test(u), 'PUBLIC_URL must be the address of the service alone, like https://wraparound.council.gov.uk')
    .optional(),
  OIDC_ISSUER: z.string().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16).optional(),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SERVER_TIMING: z.enum(['true', 'false']).default('false'),
  WEB_PROCESSES: z
    .string()
    .regex(/^(auto|[1-9][0-9]?)$/, 'WEB_PROCESSES must be a whole number from 1 to 99, or auto (one per core)')
    .default('1'),
  PASSWORD_HASH_COST: z.enum(['standard', 'test']).default('standard'),
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: z.enum(['true', 'false']).default('false'),
  AUDIT_CHAIN_KEY: z.string().optional(),
  MFA_SECRET_KEY: z.string().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'SMTP_URL must be an smtp:// or smtps:// address').optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Wraparound <no-reply@wraparound.invalid>'),
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
    ? {
        kind: 'postgres',
        ownerUrl: e.DATABASE_URL,
        appUrl: appUrlFrom(e.DATABASE_URL, e.APP_DATABASE_URL),
        poolSize: e.DATABASE_POOL_SIZE,
        ...(e.APP_READ_DATABASE_URL ? { readAppUrl: e.APP_READ_DATABASE_URL, replicaMaxLagMs: e.READ_REPLICA_MAX_LAG_SECONDS * 1000 } : {}),
      }
    : { kind: 'pglite', dataDir, queryTimeoutMs: e.EMBEDDED_QUERY_TIMEOUT_SECONDS * 1000 };
  const singleSignOn = singleSignOnFrom(e);
  checkedPasswordHashCost(e);
  const auditChainKey = checkedAuditChainKey(e.AUDIT_CHAIN_KEY);
  const givenMfaKey = checkedMfaSecretKey(e.MFA_SECRET_KEY);
  if (e.NODE_ENV === 'production') {
    const problems = [
      !givenMfaKey && 'MFA_SECRET_KEY is required in production (it seals the authenticator app secrets in the database: openssl rand -hex 32)',
      !auditChainKey && 'AUDIT_CHAIN_KEY is required in production (the audit chain is keyed with a secret kept outside the database)',
      !e.SESSION_SECRET && 'SESSION_SECRET is required in production',
      !e.METRICS_TOKEN && 'METRICS_TOKEN is required in production (the metrics endpoint is never open there)',
      e.AUTH_MODE === 'oidc' && !e.PUBLIC_URL?.startsWith('https://') && 'PUBLIC_URL is required in production with AUTH_MODE=oidc, as an https:// address (the provider sends people back to it)',
      database.kind === 'pglite' &&
        e.ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION !== 'true' &&
        'production needs PostgreSQL (DATABASE_URL): the embedded database is for trying Wraparound and for tests. Set ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true only if you accept that',
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  if (e.APP_READ_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  APP_READ_DATABASE_URL (a read replica) needs PostgreSQL: set DATABASE_URL to the primary as well');
  }
  const webProcesses = e.WEB_PROCESSES === 'auto' ? Math.max(1, availableParallelism()) : Number(e.WEB_PROCESSES);
  if (webProcesses > 1 && database.kind === 'pglite') {
    throw new ConfigError(
      `Invalid configuration:\n  WEB_PROCESSES=${e.WEB_PROCESSES} needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process, so leave WEB_PROCESSES at 1 without DATABASE_URL`,
    );
  }
  const sessionSecret = e.SESSION_SECRET ?? (e.NODE_ENV === 'development' ? developmentSecret(database) : randomBytes(32).toString('hex'));
  return {
    env: e.NODE_ENV,
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    database,
    sessionSecret,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV !== 'development',
    idleTimeoutMinutes: e.IDLE_TIMEOUT_MINUTES,
    authMode: e.AUTH_MODE,
    singleSignOn,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN ?? null,
    signInRateLimitPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY === 'true',
    serverTiming: e.SERVER_TIMING === 'true',
    webProcesses,
    auditChainKey,
    mfaSecretKey: givenMfaKey ?? createSecretKey(Buffer.from(hkdfSync('sha256', sessionSecret, '', 'wraparound mfa secret key', 32))),
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
  };
}

function checkedMfaSecretKey(text: string | undefined): KeyObject | null {
  if (text === undefined) return null;
  try {
    return secretKeyFrom(text);
  } catch (error) {
    if (error instanceof SealedSecretError) throw new ConfigError(`Invalid configuration:\n  MFA_SECRET_KEY ${error.message}`);
    throw error;
  }
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

/**
 * OIDC_SECRET_KEY, checked whenever it is set (configure-sso needs it in any mode), and required by
 * AUTH_MODE=oidc: single sign-on does not start without the key that opens the client secrets. The
 * issuer and client id are each tenant's now, in the database: the old variables are refused, not ignored.
 */
function singleSignOnFrom(e: { AUTH_MODE: AuthMode; OIDC_SECRET_KEY?: string | undefined; PUBLIC_URL?: string | undefined; OIDC_ISSUER?: string | undefined; OIDC_CLIENT_ID?: string | undefined }): Config['singleSignOn'] {
  const problems: string[] = [];
  if (e.OIDC_ISSUER !== undefined || e.OIDC_CLIENT_ID !== undefined) {
    problems.push('OIDC_ISSUER and OIDC_CLIENT_ID are no longer read: each council\'s provider is set with `wraparound configure-sso` (docs/single-sign-on.md). Remove them');
  }
  let secretKey: KeyObject | null = null;
  if (e.OIDC_SECRET_KEY !== undefined) {
    try {
      secretKey = secretKeyFrom(e.OIDC_SECRET_KEY);
    } catch (error) {
      if (!(error instanceof SealedSecretError)) throw error;
      problems.push(`OIDC_SECRET_KEY ${error.message}`);
    }
  } else if (e.AUTH_MODE === 'oidc') {
    problems.push('AUTH_MODE=oidc needs OIDC_SECRET_KEY, the key that seals the client secrets in the database (openssl rand -hex 32)');
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { secretKey, publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/$/, '') : null };
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
