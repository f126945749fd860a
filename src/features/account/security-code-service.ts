// Sets up a person's own security code (TOTP): the secret their authenticator app scans, kept until a code from it
// is entered, then switched on with an audit entry. Knows nothing of HTTP.
import { and, eq, isNull } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema.ts';
import { matchingStep } from '../../platform/security-codes.ts';
import type { AuditWriter } from '../../records/audit.ts';

/**
 * The secret being set up: the one already stored, else a new one. It is kept but not switched on until a code from
 * it is entered, so a half-finished set-up locks nobody out, and a form shown again (after a wrong code, or in a
 * second tab) shows the secret the person has already scanned.
 */
export async function pendingSecret(db: Database, userId: string): Promise<string> {
  const [stored] = await db.select({ totpSecret: users.totpSecret }).from(users).where(eq(users.id, userId));
  if (stored?.totpSecret) return stored.totpSecret;
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  // Only where there is none yet: of two pages opened at once, both show the secret that was kept.
  const [made] = await db
    .update(users)
    .set({ totpSecret: secret, totpEnabledAt: null })
    .where(and(eq(users.id, userId), isNull(users.totpSecret)))
    .returning({ totpSecret: users.totpSecret });
  if (made?.totpSecret) return made.totpSecret;
  const [kept] = await db.select({ totpSecret: users.totpSecret }).from(users).where(eq(users.id, userId));
  return kept?.totpSecret ?? secret;
}

/** Switches the security code on if `code` comes from the pending secret; false (and nothing changed) if not. */
export async function turnOnSecurityCode(db: Database, userId: string, code: string, now: Date, audit: AuditWriter): Promise<boolean> {
  const [stored] = await db.select({ totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId));
  const step = stored?.totpSecret && !stored.totpEnabledAt ? matchingStep(stored.totpSecret, code, now) : undefined;
  if (step === undefined) return false;
  await db.transaction(async (tx) => {
    // The code that switched it on is used: it cannot sign in a second session straight after.
    await tx.update(users).set({ totpEnabledAt: now, totpLastStep: step }).where(eq(users.id, userId));
    await audit(tx, { action: 'account.mfa-enabled', subjectType: 'user', subjectId: userId });
  });
  return true;
}
