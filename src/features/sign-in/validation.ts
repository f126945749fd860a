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
