// `rtc ledger export`: writes an area's ledger as a plain-text journal that hledger and ledger-cli read, to standard
// output or a file, reading its transfers a page at a time so that millions of postings never sit in memory at once.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Queryable } from '../db/database.ts';
import { journalAccountNames, journalHeader, journalNameWidth, journalTransaction } from '../domain/ledger/journal.ts';
import { accountsInArea, transferPages } from '../records/ledger.ts';
import { systemClock } from '../platform/clock.ts';
import { migrateConfigured } from './database-role.ts';
import { chooseArea, openConfiguredDatabase } from './shared.ts';

export const ledgerExportFormats = ['journal'] as const;

export interface LedgerExportOptions {
  format: string;
  area: string;
  /** A file to write instead of standard output. */
  to?: string;
}

export interface JournalWritten {
  accounts: number;
  transfers: number;
  transactions: number;
}

/**
 * Writes the area's journal through `write`, one page of transfers at a time. Accounts are named by their kind, their
 * funding stream and the record id of the person or provider they are for (`liabilities:budgets:<person id>:<stream>`),
 * never by a person's name: the journal is made to leave the system, for a finance team or an auditor, and an id
 * means nothing without access to the records.
 */
export async function writeAreaJournal(db: Queryable, areaId: string, write: (text: string) => Promise<void>, options: { title?: string; pageSize?: number } = {}): Promise<JournalWritten> {
  const accounts = await accountsInArea(db, areaId);
  const names = journalAccountNames(accounts);
  const width = journalNameWidth(names);
  await write(journalHeader(names, options.title === undefined ? {} : { title: options.title }));
  let transfers = 0;
  let transactions = 0;
  for await (const page of transferPages(db, areaId, options.pageSize === undefined ? {} : { pageSize: options.pageSize })) {
    let text = '';
    for (const { transfer, resolved } of page) {
      const transaction = journalTransaction(transfer, resolved, names, width);
      if (transaction !== '') transactions += 1;
      text += transaction;
    }
    transfers += page.length;
    await write(text);
  }
  return { accounts: accounts.length, transfers, transactions };
}

/** Writes to a stream, waiting whenever it asks the writer to, so a slow reader holds back the database reads. */
function writerTo(stream: Writable): (text: string) => Promise<void> {
  return async (text) => {
    if (text !== '' && !stream.write(text)) await once(stream, 'drain');
  };
}

export async function ledgerExportCommand(options: LedgerExportOptions): Promise<void> {
  if (!(ledgerExportFormats as readonly string[]).includes(options.format)) {
    console.error(`There is no export format “${options.format}”. Give --format ${ledgerExportFormats.join(' or ')}.`);
    process.exitCode = 1;
    return;
  }
  const { config, database } = await openConfiguredDatabase();
  try {
    await migrateConfigured(config, database);
    const chosen = await chooseArea(database.db, options.area);
    if (!chosen.ok) {
      console.error(chosen.message);
      process.exitCode = 1;
      return;
    }
    const { area } = chosen;
    const title = `Ledger of ${area.name} (${area.regionName}), area ${area.id}, written ${systemClock.now().toISOString()}`;
    let written: JournalWritten;
    if (options.to === undefined) {
      written = await writeAreaJournal(database.db, area.id, writerTo(process.stdout), { title });
      console.error(`Wrote ${describe(written)} for ${area.name}.`);
      return;
    }
    // Written beside the file and renamed when whole, so a failed export never leaves a journal that looks complete.
    const partial = `${options.to}.partial`;
    const file = createWriteStream(partial);
    try {
      await once(file, 'open');
      written = await writeAreaJournal(database.db, area.id, writerTo(file), { title });
      file.end();
      await once(file, 'finish');
      await rename(partial, options.to);
    } catch (error) {
      file.destroy();
      await rm(partial, { force: true });
      const code = (error as NodeJS.ErrnoException).syscall === undefined ? undefined : (error as NodeJS.ErrnoException).code;
      if (code !== undefined) {
        console.error(`The journal cannot be written to ${options.to} (${code}).`);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
    console.log(`Wrote ${describe(written)} for ${area.name} to ${options.to}.`);
  } finally {
    await database.close();
  }
}

function describe({ accounts, transfers, transactions }: JournalWritten): string {
  const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(transactions, 'transaction')} (${plural(transfers, 'transfer')}) over ${plural(accounts, 'account')}`;
}
