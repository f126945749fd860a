import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { developmentCheckpointKey } from '../domain/audit-checkpoints.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('settings', () => {
  it('has safe local defaults: embedded database in ./data, port 3000, MFA optional', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ environment: 'development', port: 3000, databaseUrl: undefined, dataDir: './data', mfaRequired: false, secureCookies: false });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses to start in production without a session secret and a database URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET and DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/rtc' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/DATABASE_URL/);
  });

  it('in production requires MFA for staff and secure cookies', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/rtc', AUDIT_CHECKPOINT_KEY: 'k'.repeat(40) });
    expect(config).toMatchObject({ mfaRequired: true, secureCookies: true });
  });

  it('explains bad values rather than starting with them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('never allows an insecure OpenID issuer in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/rtc', AUDIT_CHECKPOINT_KEY: 'k'.repeat(40), OIDC_ALLOW_INSECURE_ISSUER: 'true' }),
    ).toThrow(/production/);
  });

  it('signs audit checkpoints with a configured key, from the setting or a file, and requires one in production', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/rtc' };
    expect(() => loadConfig(production)).toThrow(/AUDIT_CHECKPOINT_KEY/);
    expect(loadConfig({ ...production, AUDIT_CHECKPOINT_KEY: 'k'.repeat(40) }).auditCheckpoints).toMatchObject({ key: Buffer.from('k'.repeat(40)), developmentKey: false });
    const folder = mkdtempSync(join(tmpdir(), 'rtc-key-'));
    try {
      writeFileSync(join(folder, 'key'), `${'f'.repeat(40)}\n`);
      expect(loadConfig({ ...production, AUDIT_CHECKPOINT_KEY_FILE: join(folder, 'key') }).auditCheckpoints.key).toEqual(Buffer.from('f'.repeat(40)));
      writeFileSync(join(folder, 'short'), 'short');
      expect(() => loadConfig({ ...production, AUDIT_CHECKPOINT_KEY_FILE: join(folder, 'short') })).toThrow(/at least 32 characters/);
      expect(() => loadConfig({ ...production, AUDIT_CHECKPOINT_KEY_FILE: join(folder, 'absent') })).toThrow(/cannot be read/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(loadConfig({}).auditCheckpoints).toMatchObject({ key: developmentCheckpointKey, developmentKey: true, everyEntries: 1000, everySeconds: 60 });
  });
});
