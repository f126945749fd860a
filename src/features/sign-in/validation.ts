// What the sign-in forms accept, with the messages people see when something is missing or wrong.
import { z } from 'zod';

export const signInForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1000, 'Password must be 1000 characters or fewer'),
});

export const securityCodeForm = z.object({
  code: z
    .string({ error: 'Enter the security code' })
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'Enter the security code').regex(/^\d{6}$/, 'Enter the 6-digit security code from your authenticator app')),
});
