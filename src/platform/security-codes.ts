// Time-based security codes (TOTP) for multi-factor sign-in: the authenticator app's secret, checking a code, and the
// form that accepts one. Shared by signing in and by setting a code up on the account page.
import * as OTPAuth from 'otpauth';
import { z } from 'zod';

export function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Right to Control', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** Accepts the code for `now` and one step either side, for phones whose clocks drift. */
export function codeMatches(secret: string, code: string, now: Date): boolean {
  return totpFor(secret, 'check').validate({ token: code, window: 1, timestamp: now.getTime() }) !== null;
}

export const securityCodeForm = z.object({
  code: z
    .string({ error: 'Enter the security code' })
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'Enter the security code').regex(/^\d{6}$/, 'Enter the 6-digit security code from your authenticator app')),
});
