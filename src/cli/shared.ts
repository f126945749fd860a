// Helpers every `rtc` command uses once it runs: settings, the database, and the area a command names.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Queryable, openDatabase } from '../db/database.ts';
import { loadConfig } from '../platform/config.ts';

export async function openConfiguredDatabase() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  return { config, database };
}

/**
 * Creating an embedded database (PGlite's initdb) takes about 500 MB more than opening one, and the process that did it
 * keeps most of that for as long as it runs. So a long-running command that finds no embedded database yet has
 * `rtc migrate` create it in a process of its own, which exits, and then opens the database that process left.
 */
export async function openConfiguredDatabaseCreatedApart() {
  const config = loadConfig();
  if (!config.databaseUrl && config.dataDir !== 'memory' && !existsSync(join(config.dataDir, 'PG_VERSION'))) {
    await runRtc(['migrate']);
  }
  return openConfiguredDatabase();
}

/** Runs another `rtc` command with this one's settings, its output shown as this command's. */
function runRtc(args: string[]): Promise<void> {
  const rtc = fileURLToPath(new URL('../../bin/rtc.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rtc, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rtc ${args.join(' ')} stopped (exit code ${code}).`))));
  });
}

export type AreaChoice = { ok: true; area: { id: string; name: string; regionName: string } } | { ok: false; message: string };

/**
 * The area a command's `--area` names, by id or by name (any case), or a sentence saying why there is none: no such
 * area, or one of that name in more than one region (then it lists them, so the user can give an id).
 */
export async function chooseArea(db: Queryable, nameOrId: string): Promise<AreaChoice> {
  // Loaded here, so commands that name no area (migrate, backup) do not load the tenancy records.
  const { findAreasByNameOrId } = await import('../records/tenancy.ts');
  const found = await findAreasByNameOrId(db, nameOrId);
  if (found.length === 1) return { ok: true, area: found[0]! };
  if (found.length === 0) return { ok: false, message: `There is no area with the name or id “${nameOrId}”. \`rtc area create\` prints an area’s id when it makes it.` };
  const listed = found.map((area) => `  ${area.id}  ${area.name} (${area.regionName})`).join('\n');
  return { ok: false, message: `More than one area is called “${nameOrId}”; give --area one of these ids:\n${listed}` };
}
