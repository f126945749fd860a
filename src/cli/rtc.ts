#!/usr/bin/env node
// The `rtc` command: serve, migrate, demo, backup, restore, user create, token create, area create, audit verify,
// audit checkpoint(s) and database grant-app-role.
// Each has --help.
import { Command } from 'commander';
import { ConfigError } from '../platform/config.ts';
import { openConfiguredDatabase, positiveWholeNumber } from './shared.ts';
import { serveCommand } from './serve.ts';
import { demoCommand } from './demo.ts';
import { auditVerifyCommand } from './audit-verify.ts';
import { auditCheckpointCommand, auditCheckpointsExportCommand } from './audit-checkpoints.ts';
import { grantAppRoleCommand, migrateConfigured } from './database-role.ts';
import { userCreateCommand } from './user-create.ts';
import { tokenCreateCommand } from './token-create.ts';
import { registerAreaCommands } from './area-create.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';

const program = new Command();
program.name('rtc').description('Right to Control: self-directed support across agencies').showHelpAfterError();

program
  .command('serve')
  .description('Run the web application (applies migrations first)')
  .option('--demo-if-empty', 'create the illustrative demo region if the database has no regions yet')
  .option('--people <n>', 'synthetic people for a demo created by --demo-if-empty', positiveWholeNumber, 200)
  .action((options: { demoIfEmpty?: boolean; people: number }) => serveCommand(options));

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const { config, database } = await openConfiguredDatabase();
    await migrateConfigured(config, database);
    console.log(`Migrations applied (${database.kind}).`);
    await database.close();
  });

program
  .command('demo')
  .description('Create or reset the illustrative demo region: two areas, every role, synthetic people')
  .option('--people <n>', 'how many synthetic people to generate', positiveWholeNumber, 200)
  .option('--seed <n>', 'random seed, so the same people are made each time', positiveWholeNumber, 2026)
  .action((options: { people: number; seed: number }) => demoCommand(options));

const user = program.command('user').description('Manage user accounts');
user
  .command('create')
  .description('Create a user with one role (you are asked for a password, or give --password-stdin)')
  .requiredOption('--email <email>', 'email address they sign in with')
  .requiredOption('--name <name>', 'their name as shown in the service')
  .requiredOption('--role <role>', 'role, e.g. practitioner, area_administrator, system_administrator')
  .option('--organisation <id>', 'organisation id the role is held in (not needed for system_administrator)')
  .option('--person <id>', 'person id, for budget_holder and representative roles')
  .option('--password-stdin', 'read the password from standard input')
  .action((options) => userCreateCommand(options));

const token = program.command('token').description('API tokens for machine clients');
token
  .command('create')
  .description('Create an API token with one role in one organisation; the token is printed once, on standard output')
  .requiredOption('--name <name>', 'what the token is for, e.g. "Case system nightly export"')
  .requiredOption('--organisation <id>', 'organisation id the token acts for')
  .requiredOption('--role <role>', 'role the token holds, e.g. practitioner (never budget_holder or representative)')
  .option('--days <n>', 'days until the token stops working, 1 to 365', positiveWholeNumber, 90)
  .action((options) => tokenCreateCommand(options));

registerAreaCommands(program);

program
  .command('backup')
  .description('Back up the embedded database (the data directory) to one file; for PostgreSQL use pg_dump')
  .argument('<file>', 'the file to write, e.g. rtc-backup.tar.gz')
  .action((file: string) => backupCommand(file));

program
  .command('restore')
  .description('Restore the embedded database from a file made by `rtc backup`; the server must not be running')
  .argument('<file>', 'the backup file')
  .option('--replace', 'replace the database already in the data directory (it is lost)')
  .action((file: string, options: { replace?: boolean }) => restoreCommand(file, options));

const audit = program.command('audit').description('The audit log');
audit
  .command('verify')
  .description('Check the audit log: its hash chain, its sequence and its signed checkpoints; says what was rewritten, deleted or reordered')
  .option('--checkpoints <file>', 'also compare with checkpoints exported earlier (catches deleted checkpoints and a deleted end)')
  .action((options: { checkpoints?: string }) => auditVerifyCommand(options));
audit.command('checkpoint').description('Sign a checkpoint of the newest audit entry now').action(() => auditCheckpointCommand());
audit
  .command('checkpoints')
  .description('Signed checkpoints of the audit log')
  .command('export')
  .description('Write every checkpoint as JSON lines, to keep away from the database')
  .argument('<file>', 'the file to write')
  .action((file: string) => auditCheckpointsExportCommand(file));

program
  .command('database')
  .description('PostgreSQL roles')
  .command('grant-app-role')
  .description('Give an existing role the rights to serve the app: only read and add to the audit log (run as the owner)')
  .argument('<role>', 'the role DATABASE_URL will connect as')
  .action((role: string) => grantAppRoleCommand(role));

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
