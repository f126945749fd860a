// Staff sign-in through their organisation's OpenID provider: the authorization code flow with PKCE, state and
// nonce, ending in the same kind of session as a password sign-in. Which account that is gets decided in
// oidc-service.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import { safeReturnPath } from '../../platform/access-guard.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import type { OidcConfig } from '../../platform/config.ts';
import { NotFoundError, sendErrorPage } from '../../platform/errors.ts';
import { sitePaths } from '../../platform/paths.ts';
import { queryOf } from '../../platform/route-input.ts';
import { cookieName } from '../../platform/security.ts';
import { startSession } from '../../platform/session-cookie.ts';
import type { Services } from '../../services.ts';
import { auditOidcSignIn, type OidcSignInOutcome, resolveOidcSignIn, type VerifiedIdentity } from './oidc-service.ts';
import { oidcPaths } from './paths.ts';

const scope = 'openid email profile';
const transactionMinutes = 10;
// Long enough for a slow provider, short enough that someone waiting is soon offered the password instead.
const discoveryTimeoutSeconds = 10;

const transactionSchema = z.object({
  codeVerifier: z.string().min(43),
  state: z.string().min(1),
  nonce: z.string().min(1),
  returnTo: z.string().optional(),
});
type Transaction = z.infer<typeof transactionSchema>;
const startQuery = z.object({ returnTo: z.string().optional().catch(undefined) });

const couldNotSignIn = {
  pageTitle: 'We could not sign you in',
  heading: 'We could not sign you in',
  paragraphs: ['This can happen if signing in took a long time, or was started in another tab or window.', 'Go back to the sign-in page and try again.'],
  linkHref: sitePaths.signIn(),
  linkText: 'Go to the sign-in page',
};

const notLinked = {
  pageTitle: 'Your organisation account is not linked',
  heading: 'Your organisation account is not linked to Right to Control',
  paragraphs: ['Your organisation account is not linked to Right to Control. Ask your area administrator.'],
  linkHref: sitePaths.signIn(),
  linkText: 'Go to the sign-in page',
};

const refusedPages: Record<'account disabled' | 'not staff', typeof notLinked> = {
  'account disabled': {
    pageTitle: 'You cannot sign in',
    heading: 'You cannot sign in',
    paragraphs: ['Your Right to Control account has been switched off. Ask your area administrator.'],
    linkHref: sitePaths.signIn(),
    linkText: 'Go to the sign-in page',
  },
  'not staff': {
    pageTitle: 'You cannot sign in with your organisation account',
    heading: 'You cannot sign in with your organisation account',
    paragraphs: ['Signing in with an organisation account is only for staff.', 'Sign in with your email address and password instead.'],
    linkHref: sitePaths.signIn(),
    linkText: 'Go to the sign-in page',
  },
};

function unavailable(settings: OidcConfig) {
  return {
    pageTitle: `Sign in with ${settings.displayName} is not available`,
    heading: `Sign in with ${settings.displayName} is not available right now`,
    paragraphs: ['Sign in with your email address and password instead.'],
    linkHref: sitePaths.signIn(),
    linkText: 'Go to the sign-in page',
  };
}

/** Error kinds and OAuth error codes only: messages from a provider can quote what was sent to it. */
function describeError(error: unknown) {
  const fields = error as { name?: unknown; code?: unknown; error?: unknown };
  return { errorName: fields.name, code: fields.code, oauthError: typeof fields.error === 'string' ? fields.error : undefined };
}

/** What the provider said went wrong, if it is an OAuth error code; never free text it could have made up. */
function providerErrorCode(value: string): string {
  return /^[a-z_]{1,40}$/.test(value) ? value : 'unrecognised error';
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function oidcRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const settings = config.oidc;
  const transactionCookie = cookieName(config, 'rtc_oidc');
  const rateLimit = { rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } };
  const transactionCookieOptions = { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' } as const;

  // Kept once it succeeds; a failure is forgotten so the next visitor tries again.
  let discovered: Promise<client.Configuration> | undefined;
  const providerConfiguration = (oidc: OidcConfig) => {
    // client_secret_basic: what OpenID Connect assumes a registered client with a secret uses unless told otherwise.
    discovered ??= client
      .discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.ClientSecretBasic(oidc.clientSecret), {
        execute: oidc.allowInsecureIssuer ? [client.allowInsecureRequests] : [],
        timeout: discoveryTimeoutSeconds,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  /** The attempt is made by the account it turns out to be, so its audit entry names that user once one is found. */
  const audit = (request: FastifyRequest, outcome: 'succeeded' | 'failed', userId: string | null, detail: string | null) =>
    auditOidcSignIn(db, requestAudit(request, userId ?? undefined), { outcome, userId, detail });

  const readTransaction = (request: FastifyRequest): Transaction | undefined => {
    const raw = request.cookies[transactionCookie];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return undefined;
    try {
      const parsed = transactionSchema.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };

  const refuse = async (request: FastifyRequest, reply: FastifyReply, outcome: Exclude<OidcSignInOutcome, { kind: 'signed-in' }>) => {
    if (outcome.kind === 'not-linked') {
      await audit(request, 'failed', null, outcome.reason);
      return sendErrorPage(request, reply, 403, notLinked);
    }
    await audit(request, 'failed', outcome.userId, outcome.reason);
    return sendErrorPage(request, reply, 403, refusedPages[outcome.reason]);
  };

  /** Exchanges the code and reads who the provider says this is; throws if any check fails. */
  const verifiedIdentity = async (configuration: client.Configuration, callbackUrl: URL, transaction: Transaction): Promise<VerifiedIdentity> => {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('No ID token');
    let email = stringClaim(claims.email);
    let emailVerified = claims.email_verified === true;
    // Providers that follow the core spec strictly put profile claims only in userinfo when an access token is issued.
    if (email === undefined && configuration.serverMetadata().userinfo_endpoint) {
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      email = stringClaim(userinfo.email);
      emailVerified = userinfo.email_verified === true;
    }
    return { issuer: claims.iss, subject: claims.sub, email, emailVerified };
  };

  app.get(oidcPaths.start.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    // Without a provider configured there is nothing to sign in with: the page does not exist.
    if (!settings) throw new NotFoundError();
    const transaction: Transaction = {
      codeVerifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      returnTo: safeReturnPath(queryOf(request, startQuery)?.returnTo),
    };
    let authorizationUrl: URL;
    try {
      const configuration = await providerConfiguration(settings);
      authorizationUrl = client.buildAuthorizationUrl(configuration, {
        redirect_uri: settings.redirectUri,
        scope,
        code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
    } catch (error) {
      request.log.warn(describeError(error), 'OpenID provider unavailable');
      return sendErrorPage(request, reply, 503, unavailable(settings));
    }
    // base64url keeps the value cookie-safe without relying on each browser's handling of quotes and commas.
    reply.setCookie(transactionCookie, Buffer.from(JSON.stringify(transaction)).toString('base64url'), { ...transactionCookieOptions, maxAge: transactionMinutes * 60 });
    return reply.redirect(authorizationUrl.href, 303);
  });

  app.get(oidcPaths.callback.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    if (!settings) throw new NotFoundError();
    const transaction = readTransaction(request);
    // One use only: whatever happens next, a replayed callback finds no transaction.
    reply.clearCookie(transactionCookie, transactionCookieOptions);
    // Checked against the registered redirect URI, not the Host header, which a proxy or an attacker may rewrite.
    const callbackUrl = new URL(settings.redirectUri);
    const queryStart = request.url.indexOf('?');
    callbackUrl.search = queryStart === -1 ? '' : request.url.slice(queryStart);

    if (!transaction) {
      await audit(request, 'failed', null, 'missing or invalid sign-in cookie');
      return sendErrorPage(request, reply, 400, couldNotSignIn);
    }
    if (callbackUrl.searchParams.get('state') !== transaction.state) {
      await audit(request, 'failed', null, 'state mismatch');
      return sendErrorPage(request, reply, 400, couldNotSignIn);
    }
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError !== null) {
      await audit(request, 'failed', null, `provider returned ${providerErrorCode(providerError)}`);
      return sendErrorPage(request, reply, 401, couldNotSignIn);
    }

    let configuration: client.Configuration;
    try {
      configuration = await providerConfiguration(settings);
    } catch (error) {
      request.log.warn(describeError(error), 'OpenID provider unavailable');
      return sendErrorPage(request, reply, 503, unavailable(settings));
    }
    let identity: VerifiedIdentity;
    try {
      identity = await verifiedIdentity(configuration, callbackUrl, transaction);
    } catch (error) {
      request.log.warn(describeError(error), 'OpenID sign-in could not be completed');
      await audit(request, 'failed', null, 'token exchange or ID token check failed');
      return sendErrorPage(request, reply, 401, couldNotSignIn);
    }

    const outcome = await resolveOidcSignIn(db, identity);
    if (outcome.kind !== 'signed-in') return refuse(request, reply, outcome);

    // The organisation's identity provider enforces its own multi-factor policy, so we do not ask for a second code.
    await startSession(db, config, request, reply, outcome.userId, { mfaVerified: true });
    await audit(request, 'succeeded', outcome.userId, outcome.linkedNow ? 'linked by verified email' : null);
    return reply.redirect(safeReturnPath(transaction.returnTo) ?? sitePaths.home(), 303);
  });
}
