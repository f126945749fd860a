// `rtc user create`: makes an account from the command line, e.g. the first system administrator.
import { createInterface } from 'node:readline/promises';
import { roles, type Role } from '../domain/roles.ts';
import { minimumPasswordLength } from '../platform/passwords.ts';
import { createUser } from '../features/admin/user-service.ts';
import { systemClock } from '../platform/clock.ts';
import { auditWriter, commandActor } from '../records/audit.ts';
import { openConfiguredDatabase } from './shared.ts';

interface Options {
  email: string;
  name: string;
  role: string;
  organisation?: string;
  person?: string;
  passwordStdin?: boolean;
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, '');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const password = await prompt.question('Password (leave empty for OpenID Connect sign-in only): ');
  prompt.close();
  return password;
}

export async function userCreateCommand(options: Options): Promise<void> {
  if (!(roles as readonly string[]).includes(options.role)) {
    console.error(`Unknown role "${options.role}". Choose one of: ${roles.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const password = await readPassword(Boolean(options.passwordStdin));
  if (password && password.length < minimumPasswordLength) {
    console.error(`The password must be at least ${minimumPasswordLength} characters.`);
    process.exitCode = 1;
    return;
  }
  const { database } = await openConfiguredDatabase();
  await database.migrate();
  const result = await createUser(
    database.db,
    { email: options.email, displayName: options.name, password: password || undefined, role: options.role as Role, organisationId: options.organisation, personId: options.person },
    auditWriter(commandActor('rtc user create'), systemClock),
  );
  if (result.ok) console.log(`Created ${options.email} (${options.role}).`);
  else {
    console.error(`Not created: ${result.message}.`);
    process.exitCode = 1;
  }
  await database.close();
}
