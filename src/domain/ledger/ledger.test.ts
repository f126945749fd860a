import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountCode, accountSpecProblems, makeAccount } from './accounts.ts';
import { accountsFor, inputFor, operations } from './arbitraries.ts';
import {
  type Balance,
  type MoveInput,
  type Ledger,
  type Transfer,
  type TransferInput,
  applyTransfer,
  balanceAsAt,
  balanceOf,
  emptyLedger,
  net,
  openAccount,
  rebuildLedger,
  reversalOf,
  zeroBalance,
} from './ledger.ts';

const funding = makeAccount('funding', { kind: 'area-funding', personId: null, streamCode: 'adult-social-care', providerId: null });
const budget = makeAccount('budget', { kind: 'budget', personId: 'p1', streamCode: 'adult-social-care', providerId: null });
const provider = makeAccount('provider', { kind: 'provider-payable', personId: null, streamCode: null, providerId: 'bright-care' });

function ledgerWith(...accounts: (typeof funding)[]): Ledger {
  let ledger = emptyLedger;
  for (const account of accounts) {
    const opened = openAccount(ledger, account);
    if (!opened.ok) throw new Error(opened.reason);
    ledger = opened.ledger;
  }
  return ledger;
}

function apply(ledger: Ledger, input: TransferInput): Ledger {
  const result = applyTransfer(ledger, input);
  if (!result.ok) throw new Error(result.reason);
  return result.ledger;
}

const day = '2026-04-01';
const move = (id: string, from: string, to: string, amountPence: number, kind: 'posted' | 'pending' = 'posted', occurredOn = day): MoveInput => ({ kind, id, debitAccountId: from, creditAccountId: to, amountPence, code: 'payment', occurredOn });

/** A budget of £50.00 from the funding account: the start of most examples. */
const funded = apply(ledgerWith(funding, budget, provider), move('allocate', 'funding', 'budget', 5_000));

describe('accounts', () => {
  it('name what their kind needs, one per person per stream, with the kind’s limit', () => {
    expect(accountCode(budget)).toBe('budget:p1:adult-social-care');
    expect(budget.flags).toEqual({ debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false });
    expect(makeAccount('c', { kind: 'contribution-receivable', personId: 'p1', streamCode: null, providerId: null }).flags.creditsMustNotExceedDebits).toBe(true);
    expect(accountSpecProblems({ kind: 'budget', personId: null, streamCode: 'adult-social-care', providerId: 'x' })).toEqual(['The budget account must name a person', 'The budget account does not name a provider']);
    expect(accountSpecProblems({ kind: 'settlement', personId: null, streamCode: null, providerId: null, flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true } })).toEqual(['An account can limit its debits or its credits, not both']);
  });

  it('open once: the same account again changes nothing, another with the same code is refused', () => {
    const ledger = ledgerWith(budget);
    expect(openAccount(ledger, budget)).toMatchObject({ ok: true, alreadyDone: true, ledger });
    expect(openAccount(ledger, { ...budget, id: 'budget-2' })).toMatchObject({ ok: false, kind: 'exists' });
    expect(openAccount(ledger, { ...budget, flags: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false } })).toMatchObject({ ok: false, kind: 'exists' });
  });
});

describe('a transfer', () => {
  it('is checked for whole pence, two accounts, a code and a real date, in plain English', () => {
    const refused = (input: Partial<TransferInput>) => applyTransfer(funded, { ...move('x', 'budget', 'provider', 100), ...input } as TransferInput);
    expect(refused({ amountPence: 12.5 })).toEqual({ ok: false, kind: 'invalid', reason: 'The amount must be a whole number of pence' });
    expect(refused({ amountPence: 0 })).toMatchObject({ reason: 'The amount must be more than £0.00' });
    expect(refused({ amountPence: -5 })).toMatchObject({ reason: 'The amount must be more than £0.00' });
    expect(refused({ amountPence: 1e10 })).toMatchObject({ reason: 'The amount must be less than £100,000,000.00' });
    expect(refused({ creditAccountId: 'budget' })).toMatchObject({ reason: 'A transfer must move money between two different accounts' });
    expect(refused({ id: '' })).toMatchObject({ reason: 'Give the transfer an id, so that sending it again is safe' });
    expect(refused({ code: 'Pay Now' })).toMatchObject({ kind: 'invalid' });
    expect(refused({ occurredOn: '2026-02-30' })).toMatchObject({ reason: 'The date must be a real date written like 2026-03-01' });
    expect(refused({ creditAccountId: 'nowhere' })).toMatchObject({ kind: 'unknown-account', reason: 'There is no account to pay to with that id' });
  });

  it('sent again with the same id and fields changes nothing; with different fields it is refused', () => {
    const pay = move('pay-1', 'budget', 'provider', 1_000);
    const once = applyTransfer(funded, pay);
    expect(once).toMatchObject({ ok: true, alreadyDone: false });
    if (!once.ok) return;
    const again = applyTransfer(once.ledger, { ...pay });
    expect(again).toMatchObject({ ok: true, alreadyDone: true, transfer: once.transfer });
    if (again.ok) expect(again.ledger).toBe(once.ledger);
    expect(applyTransfer(once.ledger, { ...pay, amountPence: 1_001 })).toEqual({ ok: false, kind: 'exists', reason: 'A different transfer was already made with this id. Give a new transfer a new id' });
    expect(applyTransfer(once.ledger, { ...pay, description: 'Other' })).toMatchObject({ ok: false, kind: 'exists' });
  });

  it('may not take an account over its limit, and holds count: five £10 holds on £50 leave no room for a sixth', () => {
    let ledger = funded;
    for (let n = 1; n <= 5; n += 1) ledger = apply(ledger, move(`hold-${n}`, 'budget', 'provider', 1_000, 'pending'));
    expect(applyTransfer(ledger, move('hold-6', 'budget', 'provider', 1_000, 'pending'))).toEqual({
      ok: false,
      kind: 'limit',
      reason: 'That would take the budget account over its limit: £0.00 is available after holds, and the transfer is for £10.00',
    });
    expect(applyTransfer(ledger, move('pay', 'budget', 'provider', 1))).toMatchObject({ ok: false, kind: 'limit' });
    // A pending credit is not money in: the provider cannot pass on what it has only been promised.
    expect(applyTransfer(ledger, move('onward', 'provider', 'funding', 1))).toMatchObject({ ok: false, kind: 'limit' });
  });

  it('held is posted once, in full or for less with the rest released, or voided to release it all', () => {
    let ledger = apply(funded, move('hold', 'budget', 'provider', 3_000, 'pending'));
    expect(balanceOf(ledger, 'budget')).toEqual({ debitsPosted: 0, creditsPosted: 5_000, debitsPending: 3_000, creditsPending: 0 });
    const post = { kind: 'post-pending', id: 'post', pendingId: 'hold', amountPence: 2_500, code: 'payment', occurredOn: day } as const;
    expect(applyTransfer(ledger, { ...post, amountPence: 3_001 })).toMatchObject({ ok: false, reason: 'You can post at most £30.00, the amount held' });
    ledger = apply(ledger, post);
    expect(balanceOf(ledger, 'budget')).toEqual({ debitsPosted: 2_500, creditsPosted: 5_000, debitsPending: 0, creditsPending: 0 });
    expect(balanceOf(ledger, 'provider')).toEqual({ debitsPosted: 0, creditsPosted: 2_500, debitsPending: 0, creditsPending: 0 });
    expect(applyTransfer(ledger, { ...post, id: 'post-again' })).toMatchObject({ ok: false, kind: 'pending-resolved', reason: 'That pending transfer was already posted. A hold is posted or voided once' });
    expect(applyTransfer(ledger, { kind: 'void-pending', id: 'void', pendingId: 'hold', code: 'cancelled', occurredOn: day })).toMatchObject({ ok: false, kind: 'pending-resolved' });

    ledger = apply(ledger, move('hold-2', 'budget', 'provider', 2_500, 'pending'));
    ledger = apply(ledger, { kind: 'void-pending', id: 'void-2', pendingId: 'hold-2', code: 'cancelled', occurredOn: day });
    expect(balanceOf(ledger, 'budget')).toEqual({ debitsPosted: 2_500, creditsPosted: 5_000, debitsPending: 0, creditsPending: 0 });
    expect(ledger.transfers.get('void-2')).toMatchObject({ kind: 'void-pending', amountPence: 2_500, debitAccountId: 'budget', creditAccountId: 'provider' });
  });

  it('refused as a hold can never be posted later, and only a pending transfer can be posted', () => {
    const refused = applyTransfer(funded, move('too-big', 'budget', 'provider', 9_000, 'pending'));
    expect(refused).toMatchObject({ ok: false, kind: 'limit' });
    expect(applyTransfer(funded, { kind: 'post-pending', id: 'p', pendingId: 'too-big', code: 'payment', occurredOn: day })).toMatchObject({ ok: false, kind: 'pending-unknown' });
    expect(applyTransfer(funded, { kind: 'post-pending', id: 'p', pendingId: 'allocate', code: 'payment', occurredOn: day })).toMatchObject({ ok: false, kind: 'not-pending' });
  });

  it('is corrected by a reversing transfer dated the day of the correction, never by changing it', () => {
    const paid = apply(funded, move('pay', 'budget', 'provider', 2_000));
    const original = paid.transfers.get('pay')!;
    const half = reversalOf(original, { id: 'undo-1', occurredOn: '2026-04-03', amountPence: 500 });
    expect(half).toMatchObject({ kind: 'posted', debitAccountId: 'provider', creditAccountId: 'budget', code: 'reversal', reversesId: 'pay' });
    let ledger = apply(paid, half);
    expect(applyTransfer(ledger, reversalOf(original, { id: 'undo-2', occurredOn: '2026-04-03' }))).toMatchObject({
      ok: false,
      kind: 'reversal',
      reason: 'That would reverse more than the £20.00 transfer: £5.00 of it is reversed already',
    });
    ledger = apply(ledger, reversalOf(original, { id: 'undo-2', occurredOn: '2026-04-03', amountPence: 1_500 }));
    expect(net(balanceOf(ledger, 'budget')).posted).toBe(-5_000);
    expect(ledger.transfers.get('pay')).toBe(original);
    expect(Object.isFrozen(original)).toBe(true);
    expect(applyTransfer(ledger, reversalOf(ledger.transfers.get('undo-1')!, { id: 'undo-3', occurredOn: '2026-04-03' }))).toMatchObject({ ok: false, reason: 'A reversal cannot itself be reversed: make a new transfer instead' });
    expect(applyTransfer(ledger, { ...move('wrong-way', 'budget', 'provider', 100), reversesId: 'pay', occurredOn: '2026-04-03' })).toMatchObject({ ok: false, kind: 'reversal' });
    expect(applyTransfer(ledger, { ...move('back', 'provider', 'budget', 100), occurredOn: '2026-04-02' })).toMatchObject({
      ok: false,
      kind: 'back-dated',
      reason: 'The transfer cannot be dated before 3 April 2026, the date of the latest transfer on the account of what the provider is owed. Date a correction the day it is made',
    });
  });

  it('leaves a balance as at any past day', () => {
    let ledger = funded;
    ledger = apply(ledger, move('pay-1', 'budget', 'provider', 1_000, 'posted', '2026-04-05'));
    ledger = apply(ledger, move('hold', 'budget', 'provider', 500, 'pending', '2026-04-09'));
    expect(balanceAsAt(ledger, 'budget', '2026-03-31')).toEqual(zeroBalance);
    expect(balanceAsAt(ledger, 'budget', '2026-04-01')).toEqual({ debitsPosted: 0, creditsPosted: 5_000, debitsPending: 0, creditsPending: 0 });
    expect(balanceAsAt(ledger, 'budget', '2026-04-08')).toEqual({ debitsPosted: 1_000, creditsPosted: 5_000, debitsPending: 0, creditsPending: 0 });
    expect(balanceAsAt(ledger, 'budget', '2027-01-01')).toEqual(balanceOf(ledger, 'budget'));
  });
});

/** The limit as TigerBeetle states it, written out here again so the test does not lean on the code it tests. */
function withinLimit(flags: { debitsMustNotExceedCredits: boolean; creditsMustNotExceedDebits: boolean }, balance: Balance): boolean {
  if (flags.debitsMustNotExceedCredits) return balance.debitsPending + balance.debitsPosted <= balance.creditsPosted;
  if (flags.creditsMustNotExceedDebits) return balance.creditsPending + balance.creditsPosted <= balance.debitsPosted;
  return true;
}

/** Each account's totals worked out afresh from the transfers alone, without the running totals. */
function totalsFromTransfers(ledger: Ledger): Map<string, Balance> {
  const totals = new Map<string, Balance>([...ledger.accounts.keys()].map((id) => [id, { ...zeroBalance }]));
  const resolved = new Set([...ledger.transfers.values()].map((transfer) => transfer.pendingId).filter((id) => id !== null));
  for (const transfer of ledger.transfers.values()) {
    const debit = totals.get(transfer.debitAccountId)!;
    const credit = totals.get(transfer.creditAccountId)!;
    if (transfer.kind === 'posted' || transfer.kind === 'post-pending') {
      debit.debitsPosted += transfer.amountPence;
      credit.creditsPosted += transfer.amountPence;
    } else if (transfer.kind === 'pending' && !resolved.has(transfer.id)) {
      debit.debitsPending += transfer.amountPence;
      credit.creditsPending += transfer.amountPence;
    }
  }
  return totals;
}

/** The ledger made again from its own transfers dated up to `day`, in the order they were made. */
function replayUpTo(ledger: Ledger, day: string, accounts: ReturnType<typeof accountsFor>): Ledger {
  const rebuilt = rebuildLedger(accounts, [...ledger.transfers.values()].filter((transfer) => transfer.occurredOn <= day));
  if (!rebuilt.ok) throw new Error(rebuilt.reason);
  return rebuilt.ledger;
}

describe('the ledger, over random sequences of transfers, holds, posts, voids, reversals and retries', () => {
  const accountIds = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
  const accounts = accountsFor(accountIds);

  it('keeps every invariant after every step', () => {
    let refusals = 0;
    let accepted = 0;
    fc.assert(
      fc.property(operations(accounts.length, 60), (ops) => {
        let ledger = ledgerWith(...accounts);
        const sent: TransferInput[] = [];
        const acceptedInputs = new Set<TransferInput>();
        const firstSeen = new Map<string, Transfer>();
        for (const operation of ops) {
          const input = inputFor(operation, ledger, sent, accountIds);
          if (!input) continue;
          const before = ledger;
          const earlier = operation.op === 'retry' ? sent[operation.index % sent.length] : undefined;
          const retryOfAccepted = earlier !== undefined && acceptedInputs.has(earlier);
          const result = applyTransfer(ledger, input);
          sent.push(input);
          if (result.ok && !result.alreadyDone) {
            accepted += 1;
            acceptedInputs.add(input);
            expect(before.transfers.has(input.id)).toBe(false);
            ledger = result.ledger;
            // Replaying what was just accepted changes nothing; the same id with anything changed is refused.
            const again = applyTransfer(ledger, { ...input });
            expect(again).toMatchObject({ ok: true, alreadyDone: true, transfer: result.transfer });
            if (again.ok) expect(again.ledger).toBe(ledger);
            expect(applyTransfer(ledger, { ...input, code: 'changed' })).toMatchObject({ ok: false, kind: 'exists' });
          } else if (result.ok) {
            expect(result.ledger).toBe(before);
            expect(before.transfers.get(input.id)).toBe(result.transfer);
          } else {
            refusals += 1;
            expect(result.reason).toMatch(/^[A-Z].*[a-z0-9)]$/);
          }
          if (retryOfAccepted) {
            // A retry of an input that was accepted: unchanged it changes nothing, changed it is refused.
            expect(result).toMatchObject(operation.op === 'retry' && operation.change === 'none' ? { ok: true, alreadyDone: true } : { ok: false, kind: 'exists' });
          }

          // The nets add up to zero, posted and pending.
          const nets = [...ledger.accounts.values()].map((state) => net(state.balance));
          expect(nets.reduce((sum, n) => sum + n.posted, 0)).toBe(0);
          expect(nets.reduce((sum, n) => sum + n.pending, 0)).toBe(0);
          // No account is over its limit, at any point of its history.
          for (const state of ledger.accounts.values()) {
            for (const point of [state.balance, ...state.history]) expect(withinLimit(state.account.flags, point)).toBe(true);
          }
          // No transfer changes once made.
          for (const transfer of ledger.transfers.values()) {
            const seen = firstSeen.get(transfer.id);
            if (seen) expect(transfer).toBe(seen);
            else firstSeen.set(transfer.id, transfer);
            expect(Object.isFrozen(transfer)).toBe(true);
          }
          expect([...firstSeen.keys()].every((id) => ledger.transfers.has(id))).toBe(true);
        }
        // Each hold is resolved at most once, and its resolution names its accounts and amount.
        const resolutions = new Map<string, number>();
        for (const transfer of ledger.transfers.values()) {
          if (transfer.pendingId === null) continue;
          resolutions.set(transfer.pendingId, (resolutions.get(transfer.pendingId) ?? 0) + 1);
          const hold = ledger.transfers.get(transfer.pendingId)!;
          expect(hold.kind).toBe('pending');
          expect([transfer.debitAccountId, transfer.creditAccountId]).toEqual([hold.debitAccountId, hold.creditAccountId]);
          if (transfer.kind === 'void-pending') expect(transfer.amountPence).toBe(hold.amountPence);
          else expect(transfer.amountPence).toBeLessThanOrEqual(hold.amountPence);
        }
        expect([...resolutions.values()].every((count) => count === 1)).toBe(true);
        // The running totals agree with the transfers added up afresh.
        const totals = totalsFromTransfers(ledger);
        for (const [id, state] of ledger.accounts) expect(state.balance).toEqual(totals.get(id));
        // The balance as at any day is the ledger replayed up to that day.
        const days = [...new Set([...ledger.transfers.values()].map((transfer) => transfer.occurredOn))].sort();
        for (const asAt of [...days.slice(0, 3), days[Math.floor(days.length / 2)], '2026-03-31'].filter((d) => d !== undefined)) {
          const replayed = replayUpTo(ledger, asAt, accounts);
          for (const id of accountIds) expect(balanceAsAt(ledger, id, asAt), `${id} as at ${asAt}`).toEqual(balanceOf(replayed, id));
        }
      }),
      { numRuns: 60 },
    );
    // The operations reach both outcomes often, so the checks above are not vacuous.
    expect(accepted).toBeGreaterThan(500);
    expect(refusals).toBeGreaterThan(500);
  });
});
