// What every request carries once the platform has looked at it: the session, the signed-in user, and who is acting.
import type { Principal } from '../domain/access-policy.ts';
import type { SessionRecord } from '../records/sessions.ts';

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  totpEnabled: boolean;
  isStaff: boolean;
}

/**
 * Who may reach a route. Routes are 'signed-in' unless they say otherwise, so forgetting to say is safe.
 * - public: anyone; - pre-mfa: signed in with a password, security code not yet given (MFA set-up and sign-out);
 * - signed-in: signed in and past MFA; - api: a bearer API token.
 */
export type RouteAccess = 'public' | 'pre-mfa' | 'signed-in' | 'api';

/**
 * What a route does to the person's record it names, declared beside its access: the person loader authorises that
 * action and writes it to the audit log, so a person route cannot forget either.
 */
export type PersonAudit = 'person.read' | 'person.change' | 'person.history.read' | 'plan.write';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionRecord | undefined;
    currentUser: CurrentUser | undefined;
    principal: Principal | undefined;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    audit?: PersonAudit;
  }
}
