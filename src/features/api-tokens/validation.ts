// What the create-an-API-token form accepts, with the messages people see when something is missing or wrong.
import { z } from 'zod';
import type { Role } from '../../domain/roles.ts';
import { tokenLifetimes, tokenRoles } from '../../records/api-tokens.ts';

const lifetimeValues = tokenLifetimes.map(String) as [string, ...string[]];

export const newApiTokenForm = z.object({
  name: z.string({ error: 'Enter a name for the token' }).trim().min(1, 'Enter a name for the token').max(100, 'Name must be 100 characters or fewer'),
  organisation: z.uuid({ error: 'Select an organisation' }),
  role: z.enum(tokenRoles as [Role, ...Role[]], { error: 'Select a role' }),
  expiry: z.enum(lifetimeValues, { error: 'Select when the token expires' }).transform(Number),
});

export const newApiTokenFieldOrder = ['name', 'organisation', 'role', 'expiry'] as const;
