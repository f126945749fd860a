// Security headers with a per-request CSP nonce, cookies, CSRF on every form and rate limiting: all on by default,
// including in tests.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config.ts';
import { plainForm } from './forms.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Features the service never uses, switched off for every answer. */
export const permissionsPolicy = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()';

export function cookieName(config: AppConfig, name: string): string {
  // __Host- cookies are only sent over HTTPS, to this host, for the whole site: right for production only.
  return config.secureCookies ? `__Host-${name}` : name;
}

/** Options for the session cookie; clearing it needs the same ones, or a browser keeps a __Host- cookie. */
export function sessionCookieOptions(config: AppConfig) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };
}

export async function registerSecurity(app: FastifyInstance, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // Nothing of a page may be kept for "back" after signing out: every answer is no-store unless it says otherwise
  // (the static assets say so themselves). Features the service never uses are switched off for every page.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('permissions-policy', permissionsPolicy);
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: 100_000 });
  // Every form field, everywhere, loses the characters nobody means to type before any route reads it.
  app.addHook('preValidation', async (request) => {
    if (request.body && typeof request.body === 'object') request.body = plainForm(request.body);
  });
  await app.register(csrf, {
    cookieKey: cookieName(config, 'rtc_csrf'),
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
  });
  await app.register(rateLimit, { global: false });

  // CSRF is checked after the body is parsed, on every state-changing request except the bearer-token API, which
  // never reads cookies and so cannot be driven by another site, and an address with no route, which changes nothing.
  app.addHook('preHandler', (request, reply, done) => {
    if (!unsafeMethods.has(request.method) || request.routeOptions.config.access === 'api' || request.is404) return done();
    app.csrfProtection(request, reply, done);
  });
}
