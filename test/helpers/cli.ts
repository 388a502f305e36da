import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { runWraparound } from '../../src/cli/main.js';
import { currentAuditChainKey, useAuditChainKey } from '../../src/platform/audit/chain-key.js';
import { appUrlFrom, type DatabaseConfig } from '../../src/platform/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { provided } from './database.js';

/** The project folder: the CLI runs from here as `node bin/wraparound.js`. */
export const projectDir = resolve(import.meta.dirname, '..', '..');
export const cliBin = join(projectDir, 'bin', 'wraparound.js');

/** Building dist/ on first use can take a while on a busy machine: give the first CLI run this long. */
export const FIRST_RUN_TIMEOUT_MS = 240_000;
/** A safety net so that a hung child fails the test instead of hanging the run. */
const CHILD_TIMEOUT_MS = 180_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment for a child CLI: the test process's own, without any database settings it may
 * carry, plus `env`. A value of undefined removes a variable.
 */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'APP_DATABASE_URL', 'WRAPAROUND_DATA_DIR', 'PORT']) delete base[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

/** A running CLI child whose output is collected as it comes. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first. */
  waitForStdout(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<CliResult>;
}

export function startCli(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const child = spawn(process.execPath, [cliBin, ...args], { cwd: projectDir, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of [...watchers]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const safety = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const exited = new Promise<CliResult>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(safety);
      for (const w of [...watchers]) w();
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
  let ended = false;
  void exited.finally(() => {
    ended = true;
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStdout: (pattern) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            watchers.delete(check);
            resolvePromise(match);
          } else if (ended || child.exitCode !== null || child.signalCode !== null) {
            watchers.delete(check);
            reject(new Error(`The CLI ended before printing ${pattern}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        watchers.add(check);
        check();
      }),
  };
}

/** Runs `wraparound <args>` to the end, as a process of its own (`node bin/wraparound.js`). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return startCli(args, env).exited;
}

/**
 * Runs `wraparound <args>` to the end in this process, through the same entry the `wraparound`
 * process runs (`runWraparound` in src/cli/main.ts), with the environment a child would get. It spares
 * a Node start, a build check and a module load (about 2 s of CPU a command), so tests that run many
 * commands use it; `runCli` keeps a real process where the process itself is under test (exit
 * codes, the build, the data folder's lock, serving). A command changes the process's audit chain
 * key to its configuration's, as a process would: it is put back afterwards.
 */
export async function runCommand(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  if (args[0] === 'serve') throw new Error('runCommand does not serve: use startCli');
  let stdout = '';
  let stderr = '';
  const key = currentAuditChainKey();
  try {
    const code = await runWraparound(args, { env: cliEnv(env), out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) });
    return { code, signal: null, stdout, stderr };
  } finally {
    useAuditChainKey(key);
  }
}

/**
 * A database for CLI tests that the test process does not hold open: an empty PGlite folder, or
 * with DATABASE_URL a fresh, empty PostgreSQL database (dropped by cleanup). With `migrated`, it
 * starts as a copy of the database the global setup migrated for this run (test/global-setup.ts),
 * as the other test databases do, so that a test not about migrating does not pay for it. `env` points the CLI
 * at it; `open()` opens it in this process (on PGlite that takes the folder's lock, so close it
 * before running the CLI again).
 */
export interface CliDatabase {
  kind: 'pglite' | 'postgres';
  /** A temporary folder: the PGlite data dir, and on PostgreSQL a folder the CLI may use for --data-dir. */
  dataDir: string;
  env: Record<string, string>;
  config: DatabaseConfig;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export async function cliDatabase(options: { migrated?: boolean } = {}): Promise<CliDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wraparound-cli-'));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const config: DatabaseConfig = { kind: 'pglite', dataDir };
    const snapshot = options.migrated ? provided('pgliteSnapshot') : undefined;
    if (snapshot) cpSync(snapshot, dataDir, { recursive: true });
    return {
      kind: 'pglite',
      dataDir,
      env: { WRAPAROUND_DATA_DIR: dataDir },
      config,
      open: () => openDatabase(config),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `wa_cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const template = options.migrated ? provided('postgresTemplate') : undefined;
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const ownerUrl = url.toString();
  const config: DatabaseConfig = { kind: 'postgres', ownerUrl, appUrl: appUrlFrom(ownerUrl), poolSize: 2 };
  return {
    kind: 'postgres',
    dataDir,
    env: { DATABASE_URL: ownerUrl },
    config,
    open: () => openDatabase(config),
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Opens the database in this process for `work`, and closes it again (releasing a PGlite folder). */
export async function withDatabase<T>(target: CliDatabase, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
