// Time-based security codes (TOTP) for multi-factor sign-in: the authenticator app's secret, checking a code, and the
// form that accepts one. Shared by signing in and by setting a code up on the account page.
import * as OTPAuth from 'otpauth';
import { z } from 'zod';

export function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Right to Control', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

const period = 30;

/**
 * The time step (30-second window) the code belongs to, accepting the one for `now` and one either side for phones
 * whose clocks drift; undefined if it matches none. The step is what makes a code single use: the account keeps the
 * last step used, and a code from that step or an earlier one is refused.
 */
export function matchingStep(secret: string, code: string, now: Date): number | undefined {
  const delta = totpFor(secret, 'check').validate({ token: code, window: 1, timestamp: now.getTime() });
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / period) + delta;
}

export const securityCodeForm = z.object({
  code: z
    .string({ error: 'Enter the security code' })
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'Enter the security code').regex(/^\d{6}$/, 'Enter the 6-digit security code from your authenticator app')),
});
