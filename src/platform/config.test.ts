import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appUrlFrom, ConfigError, loadConfig, passwordHashCostFrom } from './config.js';

const SECRET = 'x'.repeat(32);
const METRICS = 'm'.repeat(16);
/** A made-up audit chain key (32 bytes as hex). */
const CHAIN_KEY = 'ab'.repeat(32);
const OIDC_KEY = '0123456789abcdef'.repeat(4);
const MFA_KEY = 'fedcba9876543210'.repeat(4);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wraparound-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** loadConfig's error, so its message can be checked. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig({ WRAPAROUND_DATA_DIR: dir, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('serves on port 3000 from an embedded database in ./data, with password sign-in and a 30-minute idle timeout', () => {
    // A session secret is given so that no development secret is written into the working directory.
    const config = loadConfig({ SESSION_SECRET: SECRET });
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: resolve('data'), queryTimeoutMs: 30_000 });
    expect(config.idleTimeoutMinutes).toBe(30);
    expect(config.authMode).toBe('password');
    expect(config.singleSignOn).toEqual({ secretKey: null, publicUrl: null });
    expect(config.logLevel).toBe('info');
    expect(config.metricsToken).toBeNull();
    expect(config.signInRateLimitPerMinute).toBe(20);
    expect(config.trustProxy).toBe(false);
    expect(config.cookieSecure).toBe(false);
    expect(config.sessionSecret).toBe(SECRET);
  });

  it('reads the time limit on each embedded query from EMBEDDED_QUERY_TIMEOUT_SECONDS, and refuses one out of range', () => {
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET, EMBEDDED_QUERY_TIMEOUT_SECONDS: '5' }).database).toMatchObject({ queryTimeoutMs: 5_000 });
    expect(configError({ EMBEDDED_QUERY_TIMEOUT_SECONDS: '0' }).message).toContain('EMBEDDED_QUERY_TIMEOUT_SECONDS');
  });

  it('reads the data directory from WRAPAROUND_DATA_DIR, resolved to an absolute path', () => {
    const config = loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: resolve(dir), queryTimeoutMs: 30_000 });
  });

  it('lets --data-dir and --port override the environment', () => {
    const other = join(dir, 'other');
    const config = loadConfig({ WRAPAROUND_DATA_DIR: dir, PORT: '4000', SESSION_SECRET: SECRET }, { dataDir: other, port: 5000 });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: other, queryTimeoutMs: 30_000 });
    expect(config.port).toBe(5000);
  });

  it('reads the port and idle timeout as numbers', () => {
    const config = loadConfig({ WRAPAROUND_DATA_DIR: dir, PORT: '8080', IDLE_TIMEOUT_MINUTES: '15' });
    expect(config.port).toBe(8080);
    expect(config.idleTimeoutMinutes).toBe(15);
  });
});

describe('development session secret', () => {
  it('is made once, kept beside the embedded database, and readable only by its owner', () => {
    const first = loadConfig({ WRAPAROUND_DATA_DIR: dir });
    expect(first.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dir, 'session-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ WRAPAROUND_DATA_DIR: dir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
  });

  it('is written into the --data-dir override, not WRAPAROUND_DATA_DIR', () => {
    const override = join(dir, 'override');
    const envDir = join(dir, 'env');
    const config = loadConfig({ WRAPAROUND_DATA_DIR: envDir }, { dataDir: override });
    expect(readFileSync(join(override, 'session-secret'), 'utf8').trim()).toBe(config.sessionSecret);
    expect(() => statSync(join(envDir, 'session-secret'))).toThrow();
  });

  it('is not written when SESSION_SECRET is given', () => {
    loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET });
    expect(() => statSync(join(dir, 'session-secret'))).toThrow();
  });
});

describe('PostgreSQL', () => {
  it('uses DATABASE_URL as the owner and the same server as wraparound_app, without the owner’s password', () => {
    const config = loadConfig({ SESSION_SECRET: SECRET, DATABASE_URL: 'postgres://owner:s3cret@db.example:5432/wraparound?sslmode=require' });
    expect(config.database).toEqual({
      kind: 'postgres',
      ownerUrl: 'postgres://owner:s3cret@db.example:5432/wraparound?sslmode=require',
      appUrl: 'postgres://wraparound_app@db.example:5432/wraparound?sslmode=require',
      poolSize: 10,
    });
    if (config.database.kind !== 'postgres') return;
    expect(config.database.appUrl).not.toContain('s3cret');
    expect(config.database.appUrl).not.toContain('owner');
  });

  it('uses APP_DATABASE_URL for the application role when given', () => {
    const config = loadConfig({
      SESSION_SECRET: SECRET,
      DATABASE_URL: 'postgres://owner:s3cret@db.example/wraparound',
      APP_DATABASE_URL: 'postgres://app:other@db.example/wraparound',
      DATABASE_POOL_SIZE: '25',
    });
    expect(config.database).toMatchObject({ kind: 'postgres', appUrl: 'postgres://app:other@db.example/wraparound', poolSize: 25 });
  });

  it('reads pages from APP_READ_DATABASE_URL (a replica) at most READ_REPLICA_MAX_LAG_SECONDS behind, 2 s unless set', () => {
    const base = { SESSION_SECRET: SECRET, DATABASE_URL: 'postgres://owner@db.example/wraparound', APP_READ_DATABASE_URL: 'postgres://wraparound_app@replica.example/wraparound' };
    expect(loadConfig(base).database).toMatchObject({ readAppUrl: 'postgres://wraparound_app@replica.example/wraparound', replicaMaxLagMs: 2000 });
    expect(loadConfig({ ...base, READ_REPLICA_MAX_LAG_SECONDS: '10' }).database).toMatchObject({ replicaMaxLagMs: 10_000 });
    expect(configError({ ...base, READ_REPLICA_MAX_LAG_SECONDS: '0' }).message).toContain('READ_REPLICA_MAX_LAG_SECONDS');
    expect(configError({ APP_READ_DATABASE_URL: base.APP_READ_DATABASE_URL }).message).toContain('APP_READ_DATABASE_URL (a read replica) needs PostgreSQL');
  });

  it('runs WEB_PROCESSES server processes (auto: one per core), and only one on the embedded database', () => {
    const postgres = { SESSION_SECRET: SECRET, DATABASE_URL: 'postgres://owner@db.example/wraparound' };
    expect(loadConfig(postgres).webProcesses).toBe(1);
    expect(loadConfig({ ...postgres, WEB_PROCESSES: '4' }).webProcesses).toBe(4);
    expect(loadConfig({ ...postgres, WEB_PROCESSES: 'auto' }).webProcesses).toBe(availableParallelism());
    for (const bad of ['0', '-1', 'two', '1.5', '100']) expect(configError({ ...postgres, WEB_PROCESSES: bad }).message, bad).toContain('WEB_PROCESSES must be a whole number from 1 to 99, or auto');
    expect(configError({ WEB_PROCESSES: '2' }).message).toContain('WEB_PROCESSES=2 needs PostgreSQL (DATABASE_URL)');
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, WEB_PROCESSES: '1' }).webProcesses).toBe(1);
  });

  it('appUrlFrom swaps the user and drops the password', () => {
    expect(appUrlFrom('postgresql://postgres:pw@localhost:5433/db')).toBe('postgresql://wraparound_app@localhost:5433/db');
    expect(appUrlFrom('postgresql://postgres:pw@localhost/db', 'postgresql://explicit@h/db')).toBe('postgresql://explicit@h/db');
  });

  it('does not write a development secret when the database is PostgreSQL', () => {
    const config = loadConfig({ WRAPAROUND_DATA_DIR: dir, DATABASE_URL: 'postgres://owner:pw@localhost/db' });
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(() => statSync(join(dir, 'session-secret'))).toThrow();
  });
});

describe('invalid configuration', () => {
  it('names an invalid PORT', () => {
    for (const port of ['abc', '70000', '-1', '3.5']) {
      const error = configError({ PORT: port });
      expect(error.message).toMatch(/^Invalid configuration:/);
      expect(error.message).toContain('PORT:');
    }
  });

  it('names an invalid LOG_LEVEL', () => {
    expect(configError({ LOG_LEVEL: 'loud' }).message).toContain('LOG_LEVEL:');
  });

  it('refuses an MFA_SECRET_KEY that is not 32 random bytes, and outside production derives one from the session secret', () => {
    expect(configError({ MFA_SECRET_KEY: 'a password' }).message).toContain('MFA_SECRET_KEY must be 32 random bytes');
    const derived = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET }).mfaSecretKey.export();
    expect(derived).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET }).mfaSecretKey.export().equals(derived)).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, MFA_SECRET_KEY: MFA_KEY }).mfaSecretKey.export().toString('hex')).toBe(MFA_KEY);
  });

  it('refuses an audit chain key shorter than 32 bytes, and has none unless one is set', () => {
    expect(configError({ AUDIT_CHAIN_KEY: 'ab'.repeat(31) }).message).toContain('AUDIT_CHAIN_KEY must hold at least 32 random bytes');
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir }).auditChainKey).toBeNull();
  });

  it('names an invalid DATABASE_URL', () => {
    expect(configError({ DATABASE_URL: 'not a url' }).message).toContain('DATABASE_URL:');
  });

  it('requires in production PostgreSQL, unless the embedded database is explicitly allowed, a metrics token, an audit chain key and the key for authenticator app secrets', () => {
    const error = configError({ NODE_ENV: 'production', SESSION_SECRET: SECRET });
    expect(error.message).toContain('MFA_SECRET_KEY is required in production');
    expect(error.message).toContain('METRICS_TOKEN is required in production');
    expect(error.message).toContain('production needs PostgreSQL (DATABASE_URL)');
    expect(error.message).toContain('AUDIT_CHAIN_KEY is required in production');
    const postgres = { NODE_ENV: 'production', SESSION_SECRET: SECRET, METRICS_TOKEN: METRICS, AUDIT_CHAIN_KEY: CHAIN_KEY, MFA_SECRET_KEY: MFA_KEY, DATABASE_URL: 'postgres://owner@db.internal:5432/wraparound' };
    expect(loadConfig(postgres).database.kind).toBe('postgres');
    expect(loadConfig(postgres).auditChainKey?.secret).toHaveLength(32);
    const embedded = { NODE_ENV: 'production', SESSION_SECRET: SECRET, METRICS_TOKEN: METRICS, AUDIT_CHAIN_KEY: CHAIN_KEY, MFA_SECRET_KEY: MFA_KEY, WRAPAROUND_DATA_DIR: dir };
    expect(configError(embedded).message).toContain('ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true');
    expect(loadConfig({ ...embedded, ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: 'true' }).database.kind).toBe('pglite');
  });

  it('requires SESSION_SECRET in production', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.message).toContain('SESSION_SECRET is required in production');
    expect(() => statSync(join(dir, 'session-secret'))).toThrow();
  });

  it('refuses a SESSION_SECRET shorter than 32 characters', () => {
    const error = configError({ SESSION_SECRET: 'x'.repeat(31) });
    expect(error.message).toContain('SESSION_SECRET');
    expect(error.message).toContain('at least 32 characters');
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toBe('x'.repeat(32));
  });

  it('requires OIDC_SECRET_KEY for AUTH_MODE=oidc, so single sign-on never starts without the key to its secrets', () => {
    expect(configError({ AUTH_MODE: 'oidc' }).message).toContain('AUTH_MODE=oidc needs OIDC_SECRET_KEY');
  });

  it('accepts AUTH_MODE=oidc with a 32-byte key, and reads PUBLIC_URL without a trailing slash', () => {
    const config = loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET, AUTH_MODE: 'oidc', OIDC_SECRET_KEY: OIDC_KEY, PUBLIC_URL: 'https://wraparound.council.example/' });
    expect(config.authMode).toBe('oidc');
    expect(config.singleSignOn.publicUrl).toBe('https://wraparound.council.example');
    expect(config.singleSignOn.secretKey?.symmetricKeySize).toBe(32);
    // The key itself never prints (a config written to a log shows nothing of it).
    expect(JSON.stringify(config)).not.toContain(OIDC_KEY);
  });

  it('reads OIDC_SECRET_KEY in password mode too (configure-sso needs it), and refuses one that is not 32 bytes', () => {
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET, OIDC_SECRET_KEY: OIDC_KEY }).singleSignOn.secretKey).not.toBeNull();
    expect(configError({ OIDC_SECRET_KEY: 'correct horse battery staple' }).message).toContain('OIDC_SECRET_KEY must be 32 random bytes');
  });

  it('refuses the old OIDC_ISSUER and OIDC_CLIENT_ID, pointing to configure-sso', () => {
    expect(configError({ OIDC_ISSUER: 'https://login.example/tenant' }).message).toContain('wraparound configure-sso');
    expect(configError({ AUTH_MODE: 'oidc', OIDC_SECRET_KEY: OIDC_KEY, OIDC_CLIENT_ID: 'wraparound' }).message).toContain('no longer read');
  });

  it('refuses a PUBLIC_URL with a path, and requires an https:// one in production with AUTH_MODE=oidc', () => {
    expect(configError({ PUBLIC_URL: 'https://council.example/wraparound' }).message).toContain('PUBLIC_URL must be the address of the service alone');
    const production = { NODE_ENV: 'production', SESSION_SECRET: SECRET, METRICS_TOKEN: METRICS, AUDIT_CHAIN_KEY: CHAIN_KEY, MFA_SECRET_KEY: MFA_KEY, DATABASE_URL: 'postgres://owner@db.internal:5432/wraparound', AUTH_MODE: 'oidc', OIDC_SECRET_KEY: OIDC_KEY };
    expect(configError(production).message).toContain('PUBLIC_URL is required in production with AUTH_MODE=oidc');
    expect(configError({ ...production, PUBLIC_URL: 'http://wraparound.council.example' }).message).toContain('https://');
    expect(loadConfig({ ...production, PUBLIC_URL: 'https://wraparound.council.example' }).authMode).toBe('oidc');
  });

  it('refuses an unknown NODE_ENV or AUTH_MODE', () => {
    expect(configError({ NODE_ENV: 'staging' }).message).toContain('NODE_ENV:');
    expect(configError({ AUTH_MODE: 'saml' }).message).toContain('AUTH_MODE:');
  });
});

describe('cookieSecure', () => {
  it('is off only in development, unless COOKIE_SECURE says otherwise', () => {
    const base = { WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET };
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).cookieSecure).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).cookieSecure).toBe(true);
    const production = { ...base, NODE_ENV: 'production', METRICS_TOKEN: METRICS, AUDIT_CHAIN_KEY: CHAIN_KEY, MFA_SECRET_KEY: MFA_KEY, DATABASE_URL: 'postgres://owner@db.internal:5432/wraparound' };
    expect(loadConfig(production).cookieSecure).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'development', COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
    expect(loadConfig({ ...production, COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('refuses a COOKIE_SECURE that is not true or false', () => {
    expect(configError({ COOKIE_SECURE: 'yes' }).message).toContain('COOKIE_SECURE:');
  });
});

describe('other settings', () => {
  it('reads TRUST_PROXY, METRICS_TOKEN and the sign-in rate limit', () => {
    const config = loadConfig({
      WRAPAROUND_DATA_DIR: dir,
      SESSION_SECRET: SECRET,
      TRUST_PROXY: 'true',
      METRICS_TOKEN: 'm'.repeat(16),
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '5',
      LOG_LEVEL: 'debug',
    });
    expect(config.trustProxy).toBe(true);
    expect(config.metricsToken).toBe('m'.repeat(16));
    expect(config.signInRateLimitPerMinute).toBe(5);
    expect(config.logLevel).toBe('debug');
  });

  it('refuses a METRICS_TOKEN shorter than 16 characters', () => {
    expect(configError({ METRICS_TOKEN: 'short' }).message).toContain('METRICS_TOKEN:');
  });
});

describe('PASSWORD_HASH_COST (the test suite’s cheap password hashes)', () => {
  it('is standard unless set', () => {
    expect(passwordHashCostFrom({})).toBe('standard');
    expect(passwordHashCostFrom({ NODE_ENV: 'production' })).toBe('standard');
    expect(passwordHashCostFrom({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'standard' })).toBe('standard');
  });

  it('is test only when NODE_ENV=test', () => {
    expect(passwordHashCostFrom({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'test' })).toBe('test');
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, NODE_ENV: 'test', PASSWORD_HASH_COST: 'test' }).env).toBe('test');
  });

  it('is refused in production and development, by loadConfig too, so the server will not start with it', () => {
    for (const env of ['production', 'development']) {
      const message = `PASSWORD_HASH_COST=test is only for the test suite (NODE_ENV=test), not NODE_ENV=${env}`;
      expect(() => passwordHashCostFrom({ NODE_ENV: env, PASSWORD_HASH_COST: 'test' })).toThrow(ConfigError);
      expect(() => passwordHashCostFrom({ NODE_ENV: env, PASSWORD_HASH_COST: 'test' })).toThrow(message);
      expect(configError({ NODE_ENV: env, SESSION_SECRET: SECRET, PASSWORD_HASH_COST: 'test' }).message).toContain(message);
    }
    expect(() => passwordHashCostFrom({ PASSWORD_HASH_COST: 'test' })).toThrow('not NODE_ENV=development');
  });

  it('refuses any other value', () => {
    expect(() => passwordHashCostFrom({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'cheap' })).toThrow(ConfigError);
    expect(configError({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'low' }).message).toContain('PASSWORD_HASH_COST:');
  });
});

describe('outcome emails (SMTP_URL, MAIL_FROM)', () => {
  it('sends none without SMTP_URL, takes an smtp:// or smtps:// address, and refuses anything else', () => {
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET }).smtp).toBeNull();
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET, SMTP_URL: 'smtp://mail.council.example:587' }).smtp).toEqual({ url: 'smtp://mail.council.example:587', from: 'Wraparound <no-reply@wraparound.invalid>' });
    expect(loadConfig({ WRAPAROUND_DATA_DIR: dir, SESSION_SECRET: SECRET, SMTP_URL: 'smtps://mail.council.example', MAIL_FROM: 'MASH <mash@council.example>' }).smtp?.from).toBe('MASH <mash@council.example>');
    expect(configError({ SESSION_SECRET: SECRET, SMTP_URL: 'http://mail.council.example' }).message).toContain('SMTP_URL must be an smtp:// or smtps:// address');
  });
});
