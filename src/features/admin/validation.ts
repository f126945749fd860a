// What the add-a-user form accepts, in plain English.
import { z } from 'zod';
import { poundsToPence } from '../../domain/budget/money.ts';
import { type Role, rolesByOrganisationKind } from '../../domain/roles.ts';
import { minimumPasswordLength } from '../../platform/passwords.ts';

/**
 * The roles someone can be given in an organisation. A person's own roles come with their record, and system
 * administration only from `rtc user create`, so an area administrator cannot make a system administrator here.
 */
export const organisationRoles = [...new Set(Object.values(rolesByOrganisationKind).flat())] as [Role, ...Role[]];

export const newUserForm = z.object({
  displayName: z.string({ error: 'Enter their full name' }).trim().min(1, 'Enter their full name').max(200, 'Name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .min(1, 'Enter their email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
  organisationId: z.uuid({ error: 'Select the organisation they work for' }),
  role: z.enum(organisationRoles, { error: 'Select their role' }),
  password: z
    .string()
    .max(1000, 'Password must be 1000 characters or fewer')
    .refine((value) => value === '' || value.length >= minimumPasswordLength, `Password must be at least ${minimumPasswordLength} characters, or leave it empty`)
    .optional()
    .transform((value) => value || undefined),
  approvalLimit: z.string().max(100, 'Enter the approval limit in pounds, like £20,000').optional(),
});

export const userFieldOrder = ['displayName', 'email', 'organisationId', 'role', 'approvalLimit', 'password'] as const;

/** An approval limit as typed ("£20,000", "20000.50") in pence a year, with a GOV.UK message when it cannot be read. */
export function readApprovalLimit(typed: string | undefined): { ok: true; pence: number } | { ok: false; error: string } {
  const read = poundsToPence(typed);
  if (!read.ok) return { ok: false, error: read.error.replace('Enter an amount,', 'Enter the approval limit in pounds a year,') };
  return { ok: true, pence: read.pence };
}

/**
 * The new user's approval limit: only an approver has one, so for anyone else the box must stay empty and nothing
 * typed is silently dropped. Null when none is given.
 */
export function approvalLimitFor(role: unknown, typed: unknown): { ok: true; pence: number | null } | { ok: false; error: string } {
  const text = typeof typed === 'string' ? typed.trim() : '';
  if (text === '') return { ok: true, pence: null };
  if (role !== 'approver') return { ok: false, error: 'Leave the approval limit empty: only approvers have one' };
  return readApprovalLimit(text);
}
