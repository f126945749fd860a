// `rtc ledger export`, run for real over a scratch database: the journal it writes reads back as balanced
// transactions whose totals are the stored balances (holds posted, voided and still open, and a reversal among them),
// it names no one, it holds only the area's own books, it is the same read a page at a time as all at once, and it
// refuses an unknown area or format in a sentence. Where hledger is installed, hledger reads it and agrees too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { organisations, people } from '../../src/db/schema.ts';
import type { AccountSpec } from '../../src/domain/ledger/accounts.ts';
import { journalAccountNames, writeJournal } from '../../src/domain/ledger/journal.ts';
import { type TransferInput, net, rebuildLedger } from '../../src/domain/ledger/ledger.ts';
import { accountsInArea, balanceOf, createAccount, postPending, reverseTransfer, transfer, transfersInOrder, voidPending } from '../../src/records/ledger.ts';
import { createArea, createRegion, findRegionByName } from '../../src/records/tenancy.ts';
import { writeAreaJournal } from '../../src/cli/ledger-export.ts';
import { rtc, type ScratchDatabase, scratchDatabase } from '../support/cli.ts';
import { journalTotals, readJournal } from '../../src/domain/ledger/journal-reader.ts';

let scratch: ScratchDatabase;
let output: string;
const areaIds: { north: string; south: string; riverton: string } = { north: '', south: '', riverton: '' };
const stream = 'adult-social-care';

/** An area in a region with a person (named, so the test can look for the name) and a provider. */
async function newArea(database: DatabaseHandle, regionName: string, areaName: string) {
  const { db } = database;
  const { region, area } = await db.transaction(async (tx) => {
    const region = (await findRegionByName(tx, regionName)) ?? (await createRegion(tx, { name: regionName }));
    const area = await createArea(tx, { regionId: region.id, name: areaName, illustrative: false, leadCouncil: { name: `${areaName} ${regionName} Council`, kind: 'county_council' }, partners: [] }, { now: new Date('2026-04-01T09:00:00Z') });
    return { region, area };
  });
  const [provider] = await db.insert(organisations).values({ regionId: region.id, areaId: area.areaId, name: 'Bright Care', kind: 'provider' }).returning({ id: organisations.id });
  const [person] = await db.insert(people).values({ areaId: area.areaId, givenName: 'Philippa', familyName: 'Quartermaine', dateOfBirth: '1980-01-01' }).returning({ id: people.id });
  return { areaId: area.areaId, personId: person!.id, providerId: provider!.id };
}

async function open(database: DatabaseHandle, areaId: string, spec: AccountSpec): Promise<string> {
  const made = await createAccount(database.db, areaId, spec);
  if (!made.ok) throw new Error(made.reason);
  return made.account.id;
}

function done(write: Promise<{ ok: boolean; reason?: string }>) {
  return write.then((result) => {
    if (!result.ok) throw new Error(result.reason);
  });
}

beforeAll(async () => {
  scratch = await scratchDatabase('ledger_export');
  const database = await scratch.open();
  try {
    await database.migrate();
    const north = await newArea(database, 'North', 'Northshire');
    const south = await newArea(database, 'South', 'Northshire');
    const riverton = await newArea(database, 'North', 'Riverton');
    Object.assign(areaIds, { north: north.areaId, south: south.areaId, riverton: riverton.areaId });
    const { areaId, personId, providerId } = north;
    const funding = await open(database, areaId, { kind: 'area-funding', personId: null, streamCode: stream, providerId: null });
    const budget = await open(database, areaId, { kind: 'budget', personId, streamCode: stream, providerId: null });
    const directPayment = await open(database, areaId, { kind: 'direct-payment', personId, streamCode: stream, providerId: null });
    const payable = await open(database, areaId, { kind: 'provider-payable', personId: null, streamCode: null, providerId });
    const contribution = await open(database, areaId, { kind: 'contribution-receivable', personId, streamCode: null, providerId: null });
    const settlement = await open(database, areaId, { kind: 'settlement', personId: null, streamCode: null, providerId: null });
    const move = (input: Omit<TransferInput & { kind: 'posted' | 'pending' }, 'code'> & { code?: string }) => done(transfer(database.db, areaId, { code: 'payment', ...input } as TransferInput));
    await move({ kind: 'posted', id: 'allocation-1', debitAccountId: funding, creditAccountId: budget, amountPence: 150_000, code: 'allocation', description: 'First year’s budget; agreed', occurredOn: '2026-04-01' });
    await move({ kind: 'posted', id: 'payment-1', debitAccountId: budget, creditAccountId: directPayment, amountPence: 20_000, occurredOn: '2026-04-02' });
    await move({ kind: 'pending', id: 'hold-open', debitAccountId: budget, creditAccountId: directPayment, amountPence: 40_000, description: 'Still to be paid', occurredOn: '2026-04-03' });
    await move({ kind: 'pending', id: 'hold-posted', debitAccountId: budget, creditAccountId: directPayment, amountPence: 30_000, occurredOn: '2026-04-03' });
    await done(postPending(database.db, areaId, { id: 'hold-posted:post', pendingId: 'hold-posted', amountPence: 25_000, code: 'payment', occurredOn: '2026-04-04' }));
    await move({ kind: 'pending', id: 'hold-voided', debitAccountId: budget, creditAccountId: directPayment, amountPence: 10_000, occurredOn: '2026-04-04' });
    await done(voidPending(database.db, areaId, { id: 'hold-voided:void', pendingId: 'hold-voided', code: 'payment', occurredOn: '2026-04-05' }));
    await move({ kind: 'posted', id: 'invoice-1', debitAccountId: directPayment, creditAccountId: payable, amountPence: 15_000, code: 'invoice', occurredOn: '2026-04-05' });
    await done(reverseTransfer(database.db, areaId, 'invoice-1', { id: 'invoice-1:reversal', occurredOn: '2026-04-06', amountPence: 5_000, description: 'Charged twice for one visit' }));
    await move({ kind: 'posted', id: 'provider-paid', debitAccountId: payable, creditAccountId: settlement, amountPence: 10_000, occurredOn: '2026-04-07' });
    await move({ kind: 'posted', id: 'contribution-owed', debitAccountId: contribution, creditAccountId: settlement, amountPence: 8_000, code: 'contribution', occurredOn: '2026-04-07' });
    await move({ kind: 'posted', id: 'contribution-paid', debitAccountId: settlement, creditAccountId: contribution, amountPence: 3_000, code: 'contribution', occurredOn: '2026-04-08' });
    // The other Northshire's books, which must stay out of this one's journal.
    const southFunding = await open(database, south.areaId, { kind: 'area-funding', personId: null, streamCode: stream, providerId: null });
    const southBudget = await open(database, south.areaId, { kind: 'budget', personId: south.personId, streamCode: stream, providerId: null });
    await done(transfer(database.db, south.areaId, { kind: 'posted', id: 'south-allocation', debitAccountId: southFunding, creditAccountId: southBudget, amountPence: 99_900, code: 'allocation', occurredOn: '2026-04-01' }));
  } finally {
    await database.close();
  }
  const exported = await rtc(['ledger', 'export', '--format', 'journal', '--area', areaIds.north], scratch.env);
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stderr).toContain('Wrote 9 transactions (12 transfers) over 6 accounts for Northshire.');
  output = exported.stdout;
}, 180_000);
afterAll(() => scratch?.drop());

describe('rtc ledger export --format journal', () => {
  // Where hledger is installed (CI does not have it), hledger is asked too, as an extra check: the others always run.
  it('writes balanced transactions whose totals per account are the stored balances, posted and pending (and hledger agrees, where installed)', async () => {
    const { accounts: declared, transactions } = readJournal(output);
    expect(declared).toHaveLength(6);
    // Nine of the twelve transfers move money: the open hold pending, the posted hold once (as its post), no void.
    expect(transactions.map((t) => [t.transferId, t.status])).toEqual([
      ['allocation-1', '*'],
      ['payment-1', '*'],
      ['hold-open', '!'],
      ['hold-posted:post', '*'],
      ['invoice-1', '*'],
      ['invoice-1:reversal', '*'],
      ['provider-paid', '*'],
      ['contribution-owed', '*'],
      ['contribution-paid', '*'],
    ]);
    for (const transaction of transactions) {
      expect(transaction.postings).toHaveLength(2);
      expect(transaction.postings[0]!.pence + transaction.postings[1]!.pence).toBe(0);
    }
    const { cleared, pending } = journalTotals(transactions);
    const database = await scratch.open();
    try {
      const accounts = await accountsInArea(database.db, areaIds.north);
      const names = journalAccountNames(accounts);
      expect(declared.sort()).toEqual([...names.values()].sort());
      for (const account of accounts) {
        const stored = net((await balanceOf(database.db, areaIds.north, account.id))!);
        expect([cleared.get(names.get(account.id)!) ?? 0, pending.get(names.get(account.id)!) ?? 0], account.code).toEqual([stored.posted, stored.pending]);
      }
      // Nothing was left at zero by accident: the budget holds 1,500.00 less 200.00 paid and 250.00 posted from a hold.
      const budget = accounts.find((account) => account.kind === 'budget')!;
      expect(cleared.get(names.get(budget.id)!)).toBe(-105_000);
      expect(pending.get(names.get(budget.id)!)).toBe(40_000);
    } finally {
      await database.close();
    }
    if (hledgerInstalled()) checkWithHledger(output, cleared);
  });

  it('names accounts by kind, stream and record id, never by a person’s name, and holds only the area’s own books', async () => {
    expect(output).toMatch(/^account liabilities:budgets:[0-9a-f-]{36}:adult-social-care$/m);
    expect(output).toMatch(/^account liabilities:providers:[0-9a-f-]{36}$/m);
    expect(output).not.toMatch(/philippa|quartermaine/i);
    expect(output).not.toContain('south-allocation');
    expect(output).not.toContain('999.00 GBP');
    expect(output.split('\n')[0]).toMatch(new RegExp(`^; Ledger of Northshire \\(North\\), area ${areaIds.north}, written \\d{4}-`));
  });

  it('writes the same journal a page at a time as the reference ledger writes from every transfer at once', async () => {
    const database = await scratch.open();
    try {
      const accounts = await accountsInArea(database.db, areaIds.north);
      const rebuilt = rebuildLedger(accounts, await transfersInOrder(database.db, areaIds.north));
      if (!rebuilt.ok) throw new Error(rebuilt.reason);
      const withoutTitle = output.split('\n').slice(2).join('\n');
      expect(withoutTitle).toBe(writeJournal(rebuilt.ledger));
      let paged = '';
      const written = await writeAreaJournal(database.db, areaIds.north, async (text) => void (paged += text), { pageSize: 2 });
      expect(written).toEqual({ accounts: 6, transfers: 12, transactions: 9 });
      expect(paged).toBe(withoutTitle);
    } finally {
      await database.close();
    }
  });

  it('writes to a file with --to, finds an area by name in any case, and refuses an area named twice, an unknown area or format in a sentence', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rtc-ledger-export-'));
    try {
      const file = join(folder, 'riverton.journal');
      const riverton = await rtc(['ledger', 'export', '--format', 'journal', '--area', 'riverton', '--to', file], scratch.env);
      expect(riverton.code, riverton.stderr).toBe(0);
      expect(riverton.stdout).toContain(`Wrote 0 transactions (0 transfers) over 0 accounts for Riverton to ${file}.`);
      expect(readJournal(readFileSync(file, 'utf8')).transactions).toEqual([]);
      const twice = await rtc(['ledger', 'export', '--format', 'journal', '--area', 'Northshire'], scratch.env);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('More than one area is called “Northshire”');
      expect(twice.stderr).toContain(`${areaIds.north}  Northshire (North)`);
      expect(twice.stderr).toContain(`${areaIds.south}  Northshire (South)`);
      const unknown = await rtc(['ledger', 'export', '--format', 'journal', '--area', 'Atlantis'], scratch.env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('There is no area with the name or id “Atlantis”');
      const format = await rtc(['ledger', 'export', '--format', 'csv', '--area', areaIds.north], scratch.env);
      expect(format.code).toBe(1);
      expect(format.stderr).toContain("argument 'csv' is invalid. Allowed choices are journal.");
      for (const result of [twice, unknown, format]) {
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toContain('    at ');
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

});

function hledgerInstalled(): boolean {
  return !spawnSync('hledger', ['--version'], { encoding: 'utf8' }).error;
}

/** hledger reads the journal, its grand total is zero, and its cleared balance of each account is ours. */
function checkWithHledger(journal: string, cleared: ReadonlyMap<string, number>): void {
  const folder = mkdtempSync(join(tmpdir(), 'rtc-ledger-hledger-'));
  try {
    const file = join(folder, 'northshire.journal');
    writeFileSync(file, journal);
    const balances = (flags: string[]) => {
      const run = spawnSync('hledger', ['-f', file, 'balance', '--flat', '--empty', '-O', 'csv', ...flags], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const rows = run.stdout.trim().split('\n').slice(1).map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
      return new Map(rows.map(([account, amount]) => [account!, amount!]));
    };
    expect(balances([]).get('total')).toBe('0');
    const hledgerCleared = balances(['--cleared']);
    expect(hledgerCleared.get('total')).toBe('0');
    for (const [account, pence] of cleared) expect(hledgerCleared.get(account), account).toBe(pence === 0 ? '0' : `${(pence / 100).toFixed(2)} GBP`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
