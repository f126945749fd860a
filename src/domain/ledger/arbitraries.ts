// For tests only: fast-check generators of ledger work (accounts, and random sequences of transfers, holds, posts,
// voids, reversals and retries), read into transfer inputs the same way for the reference ledger and the database.
import fc from 'fast-check';
import { type Account, type AccountSpec, makeAccount } from './accounts.ts';
import { type Ledger, type TransferInput, type TransferKind, reversalOf } from './ledger.ts';

/** Six accounts with each kind of limit: two without one (money enters and leaves through them), three that hold money, one that is owed it. */
export const accountSpecs: readonly AccountSpec[] = [
  { kind: 'area-funding', personId: null, streamCode: 'adult-social-care', providerId: null },
  { kind: 'budget', personId: 'person-1', streamCode: 'adult-social-care', providerId: null },
  { kind: 'direct-payment', personId: 'person-1', streamCode: 'adult-social-care', providerId: null },
  { kind: 'provider-payable', personId: null, streamCode: null, providerId: 'provider-1' },
  { kind: 'contribution-receivable', personId: 'person-1', streamCode: null, providerId: null },
  { kind: 'settlement', personId: null, streamCode: null, providerId: null },
];

export function accountsFor(ids: readonly string[], specs: readonly AccountSpec[] = accountSpecs): Account[] {
  return specs.map((spec, index) => makeAccount(ids[index]!, spec));
}

/** One step of work, with its date worked out; accounts are named by their place in the list. */
export type Operation =
  | { op: 'move'; kind: 'posted' | 'pending'; id: string; debit: number; credit: number; amountPence: number; code: string; occurredOn: string }
  | { op: 'post'; id: string; pick: number; otherId: string; amountPence: number | undefined; occurredOn: string }
  | { op: 'void'; id: string; pick: number; otherId: string; occurredOn: string }
  | { op: 'reverse'; id: string; pick: number; otherId: string; part: boolean; occurredOn: string }
  | { op: 'retry'; index: number; change: 'none' | 'amount' | 'code' };

const amounts = fc.oneof(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 500 }));
/** Half the time from the first or last account, which have no limit, so money enters the limited ones. */
const debits = (accounts: number) => fc.oneof(fc.constantFrom(0, accounts - 1), fc.nat(accounts - 1));
const ids = fc.integer({ min: 0, max: 59 }).map((n) => `t${n}`);
const steps = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(-2) });

type Draft = Operation extends infer O ? (O extends { occurredOn: string } ? Omit<O, 'occurredOn'> & { step: number } : O) : never;

const drafts = (accounts: number): fc.Arbitrary<Draft> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('move' as const), kind: fc.constantFrom('posted' as const, 'pending' as const), id: ids, debit: debits(accounts), credit: fc.nat(accounts - 1), amountPence: amounts, code: fc.constantFrom('allocation', 'payment', 'invoice'), step: steps }).map((move) => (move.debit === move.credit && move.amountPence % 8 !== 0 ? { ...move, credit: (move.credit + 1) % accounts } : move)) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('post' as const), id: ids, pick: fc.nat(), otherId: ids, amountPence: fc.option(amounts, { nil: undefined }), step: steps }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('void' as const), id: ids, pick: fc.nat(), otherId: ids, step: steps }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('reverse' as const), id: ids, pick: fc.nat(), otherId: ids, part: fc.boolean(), step: steps }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('retry' as const), index: fc.nat(), change: fc.constantFrom('none' as const, 'none' as const, 'amount' as const, 'code' as const) }) },
  );

const firstDay = Date.parse('2026-04-01T00:00:00Z');
const dayAt = (offset: number) => new Date(firstDay + offset * 86_400_000).toISOString().slice(0, 10);

/** Up to `maxLength` operations whose dates mostly move forward and now and then reach back a couple of days. */
export function operations(accounts: number, maxLength: number): fc.Arbitrary<Operation[]> {
  return fc.array(drafts(accounts), { minLength: Math.floor(maxLength / 2), maxLength, size: 'max' }).map((list) => {
    let today = 0;
    return list.map((draft): Operation => {
      if (draft.op === 'retry') return draft;
      const { step, ...rest } = draft;
      const offset = today + step;
      today = Math.max(today, offset);
      return { ...rest, occurredOn: dayAt(offset) } as Operation;
    });
  });
}

/** Mostly one of the ledger's transfers of these kinds (resolved holds and reversed transfers too), else any id. */
function picked(ledger: Ledger, kinds: readonly TransferKind[], operation: { pick: number; otherId: string }): string {
  const candidates = [...ledger.transfers.values()].filter((transfer) => kinds.includes(transfer.kind));
  if (candidates.length === 0 || operation.pick % 5 === 0) return operation.otherId;
  return candidates[operation.pick % candidates.length]!.id;
}

/**
 * The transfer input an operation stands for, given the ledger so far and the inputs already sent: a retry sends an
 * earlier input again (or changed), and a reversal undoes the named transfer if the ledger has it.
 */
export function inputFor(operation: Operation, ledger: Ledger, sent: readonly TransferInput[], accountIds: readonly string[]): TransferInput | undefined {
  switch (operation.op) {
    case 'move':
      return { kind: operation.kind, id: operation.id, debitAccountId: accountIds[operation.debit]!, creditAccountId: accountIds[operation.credit]!, amountPence: operation.amountPence, code: operation.code, occurredOn: operation.occurredOn };
    case 'post':
      return { kind: 'post-pending', id: operation.id, pendingId: picked(ledger, ['pending'], operation), code: 'payment', occurredOn: operation.occurredOn, ...(operation.amountPence === undefined ? {} : { amountPence: operation.amountPence }) };
    case 'void':
      return { kind: 'void-pending', id: operation.id, pendingId: picked(ledger, ['pending'], operation), code: 'cancelled', occurredOn: operation.occurredOn };
    case 'reverse': {
      const targetId = picked(ledger, ['posted', 'post-pending'], operation);
      const target = ledger.transfers.get(targetId);
      if (!target) return { kind: 'posted', id: operation.id, debitAccountId: accountIds[1]!, creditAccountId: accountIds[0]!, amountPence: 1, code: 'reversal', occurredOn: operation.occurredOn, reversesId: targetId };
      return reversalOf(target, { id: operation.id, occurredOn: operation.occurredOn, ...(operation.part && target.amountPence > 1 ? { amountPence: Math.floor(target.amountPence / 2) } : {}) });
    }
    case 'retry': {
      if (sent.length === 0) return undefined;
      const earlier = sent[operation.index % sent.length]!;
      if (operation.change === 'none') return earlier;
      if (operation.change === 'code') return { ...earlier, code: `${earlier.code}-changed` };
      if (earlier.kind === 'void-pending') return { ...earlier, occurredOn: earlier.occurredOn === '2026-04-01' ? '2026-04-02' : '2026-04-01' };
      // A post that named no amount posted the whole hold, so the changed one asks for more than was held.
      const held = earlier.kind === 'post-pending' ? (ledger.transfers.get(earlier.pendingId)?.amountPence ?? 1) : 1;
      return { ...earlier, amountPence: (earlier.amountPence ?? held) + 1 };
    }
  }
}
