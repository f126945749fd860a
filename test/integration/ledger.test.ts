// The stored ledger keeps the reference ledger's promises: random work applied to both gives the same answers and
// balances (one account at a time and in the balances report); transfers and their history cannot be changed or
// deleted; and workers paying from one limited account at once, on separate connections, never take it over its
// limit, holds included.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { areas, fundingStreams, ledgerAccounts, ledgerBalances, ledgerTransfers, organisations, people, regions } from '../../src/db/schema.ts';
import type { Account, AccountSpec } from '../../src/domain/ledger/accounts.ts';
import { inputFor, operations } from '../../src/domain/ledger/arbitraries.ts';
import { type Ledger, type TransferInput, applyTransfer, balanceAsAt as modelBalanceAsAt, balanceOf as modelBalanceOf, emptyLedger, net, openAccount, rebuildLedger } from '../../src/domain/ledger/ledger.ts';
import { type TransferWrite, balanceAsAt, balanceOf, createAccount, ledgerBalancesReport, postPending, reverseTransfer, transfer, transfersInOrder, voidPending } from '../../src/records/ledger.ts';
import { resetDatabase, testDatabase } from '../support/database.ts';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await testDatabase();
  await resetDatabase(database);
}, 60_000);
afterAll(() => resetDatabase(database));

/** A new area with one provider, one funding stream and one person: just what accounts point at. */
async function newArea() {
  const db = database.db;
  const [region] = await db.insert(regions).values({ name: `Ledger region ${randomUUID()}` }).returning({ id: regions.id });
  const [area] = await db.insert(areas).values({ regionId: region!.id, name: 'Ledger area' }).returning({ id: areas.id });
  const areaId = area!.id;
  const [council] = await db.insert(organisations).values({ regionId: region!.id, areaId, name: 'County council', kind: 'county_council' }).returning({ id: organisations.id });
  const [provider] = await db.insert(organisations).values({ regionId: region!.id, areaId, name: 'Bright Care', kind: 'provider' }).returning({ id: organisations.id });
  await db.insert(fundingStreams).values({ areaId, code: 'adult-social-care', name: 'Adult Social Care', sector: 'social care', owningOrganisationId: council!.id });
  const [person] = await db.insert(people).values({ areaId, givenName: 'Sam', familyName: 'Jones', dateOfBirth: '1980-01-01' }).returning({ id: people.id });
  const specs: AccountSpec[] = [
    { kind: 'area-funding', personId: null, streamCode: 'adult-social-care', providerId: null },
    { kind: 'budget', personId: person!.id, streamCode: 'adult-social-care', providerId: null },
    { kind: 'direct-payment', personId: person!.id, streamCode: 'adult-social-care', providerId: null },
    { kind: 'provider-payable', personId: null, streamCode: null, providerId: provider!.id },
    { kind: 'contribution-receivable', personId: person!.id, streamCode: null, providerId: null },
    { kind: 'settlement', personId: null, streamCode: null, providerId: null },
  ];
  const accounts: Account[] = [];
  for (const spec of specs) {
    const created = await createAccount(db, areaId, spec);
    if (!created.ok) throw new Error(created.reason);
    accounts.push(created.account);
  }
  return { areaId, accounts, personId: person!.id, specs };
}

function modelOf(accounts: readonly Account[]): Ledger {
  let ledger = emptyLedger;
  for (const account of accounts) {
    const opened = openAccount(ledger, account);
    if (!opened.ok) throw new Error(opened.reason);
    ledger = opened.ledger;
  }
  return ledger;
}

describe('accounts', () => {
  it('open once per kind and person, stream or provider, and refuse a second with a different limit', async () => {
    const { areaId, accounts, specs } = await newArea();
    const again = await createAccount(database.db, areaId, specs[1]!);
    expect(again).toEqual({ ok: true, account: accounts[1], alreadyDone: true });
    expect(await createAccount(database.db, areaId, { ...specs[1]!, flags: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false } })).toMatchObject({ ok: false, kind: 'exists' });
    expect(await createAccount(database.db, areaId, { ...specs[1]!, personId: null })).toEqual({ ok: false, kind: 'invalid', reason: 'The budget account must name a person' });
    expect(await balanceOf(database.db, areaId, accounts[1]!.id)).toEqual({ debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 });
  });
});

describe('the stored ledger against the reference ledger', () => {
  it('gives the same answers, transfers and balances, now and as at every day, for random work', async () => {
    let writes = 0;
    await fc.assert(
      fc.asyncProperty(operations(6, 30), async (ops) => {
        const { areaId, accounts } = await newArea();
        const accountIds = accounts.map((account) => account.id);
        let model = modelOf(accounts);
        const sent: TransferInput[] = [];
        for (const operation of ops) {
          const input = inputFor(operation, model, sent, accountIds);
          if (!input) continue;
          sent.push(input);
          const expected = applyTransfer(model, input);
          const stored = await transfer(database.db, areaId, input);
          if (expected.ok) {
            expect(stored, JSON.stringify(input)).toEqual({ ok: true, transfer: expected.transfer, alreadyDone: expected.alreadyDone });
            if (!expected.alreadyDone) writes += 1;
            model = expected.ledger;
          } else {
            expect(stored, JSON.stringify(input)).toEqual(expected);
          }
        }
        expect(await transfersInOrder(database.db, areaId)).toEqual([...model.transfers.values()]);
        const days = [...new Set([...model.transfers.values()].map((made) => made.occurredOn))].sort();
        for (const account of accounts) {
          expect(await balanceOf(database.db, areaId, account.id)).toEqual(modelBalanceOf(model, account.id));
          for (const day of ['2026-03-31', ...days]) expect(await balanceAsAt(database.db, areaId, account.id, day)).toEqual(modelBalanceAsAt(model, account.id, day));
        }
        // The balances report gives every account of this area (and no other) the same totals, now and as at each day.
        const report = async (asAt?: string) => new Map((await ledgerBalancesReport(database.db, areaId, asAt === undefined ? {} : { asAt })).map((line) => [line.account.id, line]));
        const now = await report();
        expect([...now.keys()].sort()).toEqual([...accountIds].sort());
        for (const account of accounts) {
          const line = now.get(account.id)!;
          expect(line.account).toEqual(account);
          expect(line.balance).toEqual(modelBalanceOf(model, account.id));
          expect([line.postedPence, line.pendingPence]).toEqual([net(line.balance).posted, net(line.balance).pending]);
        }
        for (const day of ['2026-03-31', ...days]) {
          const asAt = await report(day);
          for (const account of accounts) expect(asAt.get(account.id)!.balance, day).toEqual(modelBalanceAsAt(model, account.id, day));
        }
      }),
      { numRuns: 15 },
    );
    expect(writes).toBeGreaterThan(40);
  }, 60_000);
});

describe('transfers', () => {
  it('post and void through their own calls, reverse by a new transfer, and cannot be changed or deleted', async () => {
    const { areaId, accounts } = await newArea();
    const [funding, budget, , provider] = accounts.map((account) => account.id) as [string, string, string, string];
    const day = '2026-04-01';
    expect(await transfer(database.db, areaId, { kind: 'posted', id: 'allocate', debitAccountId: funding, creditAccountId: budget, amountPence: 10_000, code: 'allocation', occurredOn: day })).toMatchObject({ ok: true });
    expect(await transfer(database.db, areaId, { kind: 'pending', id: 'hold', debitAccountId: budget, creditAccountId: provider, amountPence: 6_000, code: 'invoice', occurredOn: day })).toMatchObject({ ok: true });
    expect(await transfer(database.db, areaId, { kind: 'pending', id: 'hold-2', debitAccountId: budget, creditAccountId: provider, amountPence: 4_001, code: 'invoice', occurredOn: day })).toMatchObject({ ok: false, kind: 'limit' });
    expect(await postPending(database.db, areaId, { id: 'post', pendingId: 'hold', amountPence: 5_000, code: 'payment', occurredOn: day })).toMatchObject({ ok: true, transfer: { kind: 'post-pending', amountPence: 5_000 } });
    expect(await voidPending(database.db, areaId, { id: 'void', pendingId: 'hold', code: 'cancelled', occurredOn: day })).toMatchObject({ ok: false, kind: 'pending-resolved' });
    expect(await reverseTransfer(database.db, areaId, 'post', { id: 'undo', occurredOn: '2026-04-02', amountPence: 1_000 })).toMatchObject({ ok: true, transfer: { reversesId: 'post', debitAccountId: provider, creditAccountId: budget } });
    expect(await balanceOf(database.db, areaId, budget)).toEqual({ debitsPosted: 5_000, creditsPosted: 11_000, debitsPending: 0, creditsPending: 0 });
    expect(await balanceAsAt(database.db, areaId, budget, day)).toEqual({ debitsPosted: 5_000, creditsPosted: 10_000, debitsPending: 0, creditsPending: 0 });

    const refusal = async (statement: Promise<unknown>) => statement.then(() => 'done', (error: Error & { cause?: Error }) => `${error.message} ${error.cause?.message ?? ''}`);
    expect(await refusal(database.db.update(ledgerTransfers).set({ amountPence: 1 }).where(and(eq(ledgerTransfers.areaId, areaId), eq(ledgerTransfers.id, 'post'))))).toMatch(/ledger_transfers is append-only/);
    expect(await refusal(database.db.delete(ledgerTransfers).where(and(eq(ledgerTransfers.areaId, areaId), eq(ledgerTransfers.id, 'undo'))))).toMatch(/ledger_transfers is append-only/);
    expect(await refusal(database.db.delete(ledgerBalances).where(eq(ledgerBalances.areaId, areaId)))).toMatch(/ledger_balances is append-only/);
    // Even written past the rules, an account cannot be left over its limit, nor a hold resolved twice.
    expect(await refusal(database.db.update(ledgerAccounts).set({ debitsPending: 7_000 }).where(and(eq(ledgerAccounts.areaId, areaId), eq(ledgerAccounts.id, budget))))).toMatch(/ledger_accounts_debit_limit/);
    expect(
      await refusal(database.db.insert(ledgerTransfers).values({ areaId, id: 'second-post', kind: 'post-pending', debitAccountId: budget, creditAccountId: provider, amountPence: 1, pendingId: 'hold', code: 'payment', occurredOn: day })),
    ).toMatch(/ledger_transfers_resolved_once_idx/);
  });
});

describe('many workers paying from one limited account at once', () => {
  it('never take it over its limit, holds included, and transfers both ways between two accounts do not deadlock', async () => {
    const { areaId, accounts } = await newArea();
    const [funding, budget, , provider, , settlement] = accounts.map((account) => account.id) as [string, string, string, string, string, string];
    const day = '2026-04-01';
    const limit = 10_000;
    expect(await transfer(database.db, areaId, { kind: 'posted', id: 'allocate', debitAccountId: funding, creditAccountId: budget, amountPence: limit, code: 'allocation', occurredOn: day })).toMatchObject({ ok: true });

    const workers = 8;
    const each = 10;
    const worker = async (n: number): Promise<TransferWrite[]> => {
      const results: TransferWrite[] = [];
      const holds: string[] = [];
      for (let step = 0; step < each; step += 1) {
        const id = `w${n}-${step}`;
        const amountPence = 300 + ((n * 37 + step * 101) % 600);
        let input: TransferInput;
        if (step % 5 === 4) input = { kind: 'posted', id, debitAccountId: n % 2 ? funding : settlement, creditAccountId: n % 2 ? settlement : funding, amountPence: 500, code: 'transfer', occurredOn: day };
        else if (step % 5 === 3 && holds.length > 0) input = { kind: 'post-pending', id, pendingId: holds.shift()!, amountPence: 200, code: 'payment', occurredOn: day };
        else if (step % 5 === 2 && holds.length > 0) input = { kind: 'void-pending', id, pendingId: holds.shift()!, code: 'cancelled', occurredOn: day };
        else input = { kind: step % 2 ? 'posted' : 'pending', id, debitAccountId: budget, creditAccountId: provider, amountPence, code: 'payment', occurredOn: day };
        const result = await transfer(database.db, areaId, input);
        if (result.ok && input.kind === 'pending') holds.push(id);
        results.push(result);
      }
      return results;
    };
    // On PostgreSQL the workers run at once, each on its own connection; embedded PGlite has one connection, so there
    // they take turns, and the same checks still hold.
    const results: TransferWrite[] = [];
    if (database.kind === 'postgres') {
      // Every worker finishes before anything is checked, so a failing one cannot leave others writing.
      const settled = await Promise.allSettled(Array.from({ length: workers }, (_, n) => worker(n)));
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
        results.push(...outcome.value);
      }
    } else {
      for (let n = 0; n < workers; n += 1) results.push(...(await worker(n)));
    }

    expect(results).toHaveLength(workers * each);
    const refusals = results.filter((result) => !result.ok);
    expect(refusals.every((result) => !result.ok && result.kind === 'limit')).toBe(true);
    expect(refusals.length).toBeGreaterThan(0);
    expect(results.filter((result) => result.ok).length).toBeGreaterThan(workers * 2);

    const held = (await balanceOf(database.db, areaId, budget))!;
    expect(held.creditsPosted).toBe(limit);
    expect(held.debitsPosted + held.debitsPending).toBeLessThanOrEqual(limit);
    // The opposing transfers of £5.00 each way cancel out.
    expect(net((await balanceOf(database.db, areaId, settlement))!).posted).toBe(0);

    // What was stored is what the reference ledger makes of the same transfers in the same order: every one allowed,
    // and the same balances.
    const rebuilt = rebuildLedger(accounts, await transfersInOrder(database.db, areaId));
    expect(rebuilt).toMatchObject({ ok: true });
    if (!rebuilt.ok) return;
    const model = rebuilt.ledger;
    let total = 0;
    for (const account of accounts) {
      const stored = (await balanceOf(database.db, areaId, account.id))!;
      expect(stored).toEqual(modelBalanceOf(model, account.id));
      total += net(stored).posted + net(stored).pending;
    }
    expect(total).toBe(0);
    const history = await database.db.execute(sql`select count(*)::int as n from ledger_balances where area_id = ${areaId}`);
    expect(Number((history as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(2 * model.transfers.size);
  }, 60_000);

  it('answer a retry sent while the first attempt is still running as that same transfer, and refuse a different one with its id', async () => {
    const { areaId, accounts } = await newArea();
    const [funding, budget, directPayment, provider] = accounts.map((account) => account.id) as [string, string, string, string];
    const day = '2026-04-01';
    await transfer(database.db, areaId, { kind: 'posted', id: 'allocate', debitAccountId: funding, creditAccountId: budget, amountPence: 1_000, code: 'allocation', occurredOn: day });
    // Only one of these fits in the budget, so a retry that were decided afresh would be refused for the limit.
    const pay: TransferInput = { kind: 'posted', id: 'pay', debitAccountId: budget, creditAccountId: provider, amountPence: 800, code: 'payment', occurredOn: day };
    const other: TransferInput = { kind: 'posted', id: 'pay', debitAccountId: funding, creditAccountId: directPayment, amountPence: 800, code: 'payment', occurredOn: day };
    const attempts = [pay, pay, pay, pay, other];
    const results = database.kind === 'postgres' ? await Promise.all(attempts.map((input) => transfer(database.db, areaId, input))) : [];
    if (database.kind !== 'postgres') for (const input of attempts) results.push(await transfer(database.db, areaId, input));
    const made = await transfersInOrder(database.db, areaId);
    expect(made.map((t) => t.id)).toEqual(['allocate', 'pay']);
    const won = made[1]!.debitAccountId === budget ? pay : other;
    results.forEach((result, index) => {
      expect(result, String(index)).toMatchObject(attempts[index] === won ? { ok: true, transfer: made[1] } : { ok: false, kind: 'exists' });
    });
    expect(results.filter((result) => result.ok && !result.alreadyDone)).toHaveLength(1);
  });
});
