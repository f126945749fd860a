// What the add-a-user form accepts, in plain English.
import { z } from 'zod';
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
});

export const userFieldOrder = ['displayName', 'email', 'organisationId', 'role', 'password'] as const;
