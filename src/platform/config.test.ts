import { describe, expect, it } from 'vitest';
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
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/rtc' });
    expect(config).toMatchObject({ mfaRequired: true, secureCookies: true });
  });

  it('explains bad values rather than starting with them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('never allows an insecure OpenID issuer in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/rtc', OIDC_ALLOW_INSECURE_ISSUER: 'true' }),
    ).toThrow(/production/);
  });
});
