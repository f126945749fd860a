// Validated settings from the environment: safe defaults for a laptop, and a refusal to start in production
// without the secrets and database that production needs.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { developmentCheckpointKey } from '../domain/audit-checkpoints.ts';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_MIGRATION_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  MFA_REQUIRED: booleanText.optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  DB_MAX_ACTIVE_REQUESTS: z.coerce.number().int().positive().default(8),
  DB_MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).default(100),
  DB_MAX_WAIT_SECONDS: z.coerce.number().positive().default(10),
  SERVER_MAX_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  SELF_REFERRALS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(5),
  SELF_REFERRALS_PER_AREA_PER_DAY: z.coerce.number().int().positive().default(200),
  TRUST_PROXY: booleanText.default(false),
  RELOAD_TEMPLATES: booleanText.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUDIT_CHECKPOINT_KEY: z.string().min(32, 'AUDIT_CHECKPOINT_KEY must be at least 32 characters').optional(),
  AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().positive().default(1000),
  AUDIT_CHECKPOINT_EVERY_SECONDS: z.coerce.number().int().positive().default(60),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.string().url().optional(),
  OIDC_NAME: z.string().min(1).default('your organisation account'),
  OIDC_ALLOW_INSECURE_ISSUER: booleanText.default(false),
});

export type Environment = 'development' | 'test' | 'production';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  displayName: string;
  /** Only for an identity provider run on this machine in tests; never in production. */
  allowInsecureIssuer: boolean;
}

export interface AppConfig {
  environment: Environment;
  version: string;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /**
   * Where `rtc serve` and `rtc migrate` apply migrations, as the owner of the tables, when the app itself connects
   * (DATABASE_URL) as a role that may only insert and read the audit log. Unset: migrations use DATABASE_URL.
   */
  databaseMigrationUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  mfaRequired: boolean;
  login: { maxFailures: number; lockoutMinutes: number; rateLimitPerMinute: number };
  /** Requests a minute one API token may make: a leaked token cannot read the whole area in seconds. */
  apiRateLimitPerMinute: number;
  /** Requests that may use the database at once, wait for it, and for how long, before a 503 "busy" page. */
  databaseQueue: { maxActive: number; maxWaiting: number; maxWaitMs: number };
  /**
   * How long the server may have been too busy to read new requests (its event loop held by other work, as the
   * embedded database holds it) before it answers new ones 503 at once; 0 never does.
   */
  serverMaxDelayMs: number;
  /**
   * Self-referrals one internet address may make in an hour, and an area may receive in 24 hours: each makes an
   * account and a record, so someone scripting the form cannot fill an area with made-up people.
   */
  selfReferral: { perAddressPerHour: number; perAreaPerDay: number };
  trustProxy: boolean;
  /** Re-read page templates on every request (for `npm run dev`); slow, so never the default. */
  reloadTemplates: boolean;
  logLevel: string;
  secureCookies: boolean;
  oidc: OidcConfig | undefined;
  /**
   * Signing the audit chain's checkpoints (ADR 13): the key the database never holds, and how often. `developmentKey`
   * is true when no key was configured and the fixed development key is in use (never in production).
   */
  auditCheckpoints: { key: Uint8Array; developmentKey: boolean; everyEntries: number; everySeconds: number };
}

export class ConfigError extends Error {}

/** The checkpoint key from the setting or the file it names (trimmed, at least 32 characters), if either is given. */
function checkpointKey(settings: { AUDIT_CHECKPOINT_KEY?: string | undefined; AUDIT_CHECKPOINT_KEY_FILE?: string | undefined }): Uint8Array | undefined {
  if (settings.AUDIT_CHECKPOINT_KEY && settings.AUDIT_CHECKPOINT_KEY_FILE) throw new ConfigError('Give AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_KEY_FILE, not both');
  if (settings.AUDIT_CHECKPOINT_KEY) return Buffer.from(settings.AUDIT_CHECKPOINT_KEY, 'utf8');
  if (!settings.AUDIT_CHECKPOINT_KEY_FILE) return undefined;
  let text: string;
  try {
    text = readFileSync(settings.AUDIT_CHECKPOINT_KEY_FILE, 'utf8').trim();
  } catch {
    throw new ConfigError('AUDIT_CHECKPOINT_KEY_FILE names a file that cannot be read');
  }
  if (text.length < 32) throw new ConfigError('The file AUDIT_CHECKPOINT_KEY_FILE names must hold a key of at least 32 characters');
  return Buffer.from(text, 'utf8');
}

function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid settings:\n  ${problems.join('\n  ')}`);
  }
  const settings = parsed.data;
  const production = settings.NODE_ENV === 'production';
  if (production) {
    const missing = [];
    if (!settings.SESSION_SECRET) missing.push('SESSION_SECRET');
    if (!settings.DATABASE_URL) missing.push('DATABASE_URL');
    if (missing.length > 0) throw new ConfigError(`Refusing to start in production without ${missing.join(' and ')}`);
    if (!settings.AUDIT_CHECKPOINT_KEY && !settings.AUDIT_CHECKPOINT_KEY_FILE) {
      throw new ConfigError('Refusing to start in production without AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_KEY_FILE (the key that signs audit checkpoints)');
    }
    if (settings.OIDC_ALLOW_INSECURE_ISSUER) throw new ConfigError('OIDC_ALLOW_INSECURE_ISSUER cannot be used in production');
  }
  const oidcParts = [settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET, settings.OIDC_REDIRECT_URI];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new ConfigError('OpenID Connect needs all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI');
  }
  const configuredKey = checkpointKey(settings);
  return {
    environment: settings.NODE_ENV,
    version: packageVersion(),
    port: settings.PORT,
    host: settings.HOST,
    databaseUrl: settings.DATABASE_URL,
    databaseMigrationUrl: settings.DATABASE_MIGRATION_URL,
    dataDir: settings.DATA_DIR,
    // Outside production a random secret is fine: it only signs short-lived CSRF cookies.
    sessionSecret: settings.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionIdleMinutes: settings.SESSION_IDLE_MINUTES,
    sessionMaxHours: settings.SESSION_MAX_HOURS,
    mfaRequired: settings.MFA_REQUIRED ?? production,
    login: {
      maxFailures: settings.LOGIN_MAX_FAILURES,
      lockoutMinutes: settings.LOGIN_LOCKOUT_MINUTES,
      rateLimitPerMinute: settings.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    apiRateLimitPerMinute: settings.API_RATE_LIMIT_PER_MINUTE,
    databaseQueue: { maxActive: settings.DB_MAX_ACTIVE_REQUESTS, maxWaiting: settings.DB_MAX_QUEUED_REQUESTS, maxWaitMs: settings.DB_MAX_WAIT_SECONDS * 1000 },
    serverMaxDelayMs: settings.SERVER_MAX_DELAY_MS,
    selfReferral: { perAddressPerHour: settings.SELF_REFERRALS_PER_ADDRESS_PER_HOUR, perAreaPerDay: settings.SELF_REFERRALS_PER_AREA_PER_DAY },
    trustProxy: settings.TRUST_PROXY,
    reloadTemplates: settings.RELOAD_TEMPLATES && !production,
    logLevel: settings.LOG_LEVEL,
    secureCookies: production,
    oidc:
      settings.OIDC_ISSUER && settings.OIDC_CLIENT_ID && settings.OIDC_CLIENT_SECRET && settings.OIDC_REDIRECT_URI
        ? {
            issuer: settings.OIDC_ISSUER,
            clientId: settings.OIDC_CLIENT_ID,
            clientSecret: settings.OIDC_CLIENT_SECRET,
            redirectUri: settings.OIDC_REDIRECT_URI,
            displayName: settings.OIDC_NAME,
            allowInsecureIssuer: settings.OIDC_ALLOW_INSECURE_ISSUER,
          }
        : undefined,
    auditCheckpoints: {
      // Outside production, with no key set, the fixed development key: checkpoints still sign and check, and every
      // process agrees, but they prove nothing against someone who has read this code.
      key: configuredKey ?? developmentCheckpointKey,
      developmentKey: configuredKey === undefined,
      everyEntries: settings.AUDIT_CHECKPOINT_EVERY_ENTRIES,
      everySeconds: settings.AUDIT_CHECKPOINT_EVERY_SECONDS,
    },
  };
}
