// The `rtc` command: serve, migrate, demo, backup, restore, user create, token create, area create, payment-run,
// audit verify, audit checkpoint(s), ledger export and database grant-app-role. Each has --help.
import { Command, Option } from 'commander';
import { positiveWholeNumber } from './arguments.ts';
import { registerAreaCommands } from './area-command.ts';

// Each command's module is imported only when that command runs, so `rtc --help` loads this file and commander alone
// (test/integration/cli.test.ts checks). A new command is its options here and an action that imports its module.
export const program = new Command();
program.name('rtc').description('Right to Control: self-directed support across agencies').showHelpAfterError();

program
  .command('serve')
  .description('Run the web application (applies migrations first)')
  .option('--demo-if-empty', 'create the illustrative demo region if the database has no regions yet')
  .option('--people <n>', 'synthetic people for a demo created by --demo-if-empty', positiveWholeNumber, 200)
  .action(async (options: { demoIfEmpty?: boolean; people: number }) => (await import('./serve.ts')).serveCommand(options));

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const { config, database } = await (await import('./shared.ts')).openConfiguredDatabase();
    await (await import('./database-role.ts')).migrateConfigured(config, database);
    console.log(`Migrations applied (${database.kind}).`);
    await database.close();
  });

program
  .command('demo')
  .description('Create or reset the illustrative demo region: two areas, every role, synthetic people')
  .option('--people <n>', 'how many synthetic people to generate', positiveWholeNumber, 200)
  .option('--seed <n>', 'random seed, so the same people are made each time', positiveWholeNumber, 2026)
  .action(async (options: { people: number; seed: number }) => (await import('./demo.ts')).demoCommand(options));

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
  .action(async (options) => (await import('./user-create.ts')).userCreateCommand(options));

const token = program.command('token').description('API tokens for machine clients');
token
  .command('create')
  .description('Create an API token with one role in one organisation; the token is printed once, on standard output')
  .requiredOption('--name <name>', 'what the token is for, e.g. "Case system nightly export"')
  .requiredOption('--organisation <id>', 'organisation id the token acts for')
  .requiredOption('--role <role>', 'role the token holds, e.g. practitioner (never budget_holder or representative)')
  .option('--days <n>', 'days until the token stops working, 1 to 365', positiveWholeNumber, 90)
  .action(async (options) => (await import('./token-create.ts')).tokenCreateCommand(options));

registerAreaCommands(program);

program
  .command('payment-run')
  .description('Prepare an area’s direct payment run for a period, or finish one that stopped; --bacs writes the file of a released run')
  .requiredOption('--area <name or id>', 'the area, by name or id')
  .requiredOption('--period-start <YYYY-MM-DD>', 'the first day of the period paid for')
  .option('--days <n>', 'length of the period in days', positiveWholeNumber, 28)
  .option('--dry-run', 'show what would be paid and what cannot be, writing nothing')
  .option('--bacs <file>', 'write the Bacs Standard 18 file of the run, once it is released')
  .option('--batch-size <n>', 'payments prepared in each transaction', positiveWholeNumber, 200)
  .action(async (options) => (await import('./payment-run.ts')).paymentRunCommand(options));

program
  .command('backup')
  .description('Back up the embedded database (the data directory) to one file; for PostgreSQL use pg_dump')
  .argument('<file>', 'the file to write, e.g. rtc-backup.tar.gz')
  .action(async (file: string) => (await import('./backup.ts')).backupCommand(file));

program
  .command('restore')
  .description('Restore the embedded database from a file made by `rtc backup`; the server must not be running')
  .argument('<file>', 'the backup file')
  .option('--replace', 'replace the database already in the data directory (it is lost)')
  .action(async (file: string, options: { replace?: boolean }) => (await import('./backup.ts')).restoreCommand(file, options));

const audit = program.command('audit').description('The audit log');
audit
  .command('verify')
  .description('Check the audit log: its hash chain, its sequence and its signed checkpoints; says what was rewritten, deleted or reordered')
  .option('--checkpoints <file>', 'also compare with checkpoints exported earlier (catches deleted checkpoints and a deleted end)')
  .action(async (options: { checkpoints?: string }) => (await import('./audit-verify.ts')).auditVerifyCommand(options));
audit
  .command('checkpoint')
  .description('Sign a checkpoint of the newest audit entry now')
  .action(async () => (await import('./audit-checkpoints.ts')).auditCheckpointCommand());
audit
  .command('checkpoints')
  .description('Signed checkpoints of the audit log')
  .command('export')
  .description('Write every checkpoint as JSON lines, to keep away from the database')
  .argument('<file>', 'the file to write')
  .action(async (file: string) => (await import('./audit-checkpoints.ts')).auditCheckpointsExportCommand(file));

const ledger = program.command('ledger').description('The money ledger');
ledger
  .command('export')
  .description('Write an area’s ledger as a journal that hledger and ledger-cli read; accounts are named by record ids, never people’s names')
  .addOption(new Option('--format <format>', 'the file format').choices(['journal']).makeOptionMandatory())
  .requiredOption('--area <name or id>', 'the area, by its name or its id')
  .option('--to <file>', 'write to this file instead of standard output')
  .action(async (options: { format: string; area: string; to?: string }) => (await import('./ledger-export.ts')).ledgerExportCommand(options));

program
  .command('database')
  .description('PostgreSQL roles')
  .command('grant-app-role')
  .description('Give an existing role the rights to serve the app: only read and add to the audit log (run as the owner)')
  .argument('<role>', 'the role DATABASE_URL will connect as')
  .action(async (role: string) => (await import('./database-role.ts')).grantAppRoleCommand(role));

/**
 * Runs `rtc` with these arguments. `prepare` runs before a command's module is first imported: bin/rtc.js starts the
 * TypeScript module loader there, so that printing help never pays for it.
 */
export async function runRtc(argv: readonly string[], prepare: () => Promise<void> = async () => {}): Promise<void> {
  program.hook('preAction', prepare);
  try {
    await program.parseAsync(argv);
  } catch (error: unknown) {
    // Loaded only on failure: a bad setting or a busy data directory is told in a sentence, anything else in full.
    await prepare();
    const [{ ConfigError }, { DataDirInUseError }] = await Promise.all([import('../platform/config.ts'), import('../db/data-dir-lock.ts')]);
    if (error instanceof ConfigError || error instanceof DataDirInUseError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  }
}
