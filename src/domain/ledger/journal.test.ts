import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeAccount } from './accounts.ts';
import { accountsFor, inputFor, operations } from './arbitraries.ts';
import { journalAccountName, journalAmount, journalNamePart, writeJournal } from './journal.ts';
import { type Ledger, type TransferInput, applyTransfer, balanceOf, emptyLedger, net, openAccount } from './ledger.ts';
import { journalTotals, readJournal } from './journal-reader.ts';

describe('the journal', () => {
  it('names accounts by the rules both tools keep, and writes pence as GBP with two decimals', () => {
    expect(journalNamePart('Bright Care (North) Ltd;  ')).toBe('bright-care-north-ltd');
    expect(journalNamePart('[virtual]')).toBe('virtual');
    expect(journalNamePart(':::')).toBe('unnamed');
    const budget = makeAccount('b', { kind: 'budget', personId: 'Person 1', streamCode: 'adult-social-care', providerId: null });
    expect(journalAccountName(budget)).toBe('liabilities:budgets:person-1:adult-social-care');
    expect(journalAccountName(budget, () => ['liabilities', 'budgets', 'Sam Jones: ASC'])).toBe('liabilities:budgets:sam-jones-asc');
    expect([journalAmount(123_456), journalAmount(-5), journalAmount(0)]).toEqual(['1234.56 GBP', '-0.05 GBP', '0.00 GBP']);
  });

  it('writes a transfer as a balanced transaction with the debit positive, and a hold as pending until it is posted', () => {
    const accounts = accountsFor(['f', 'b', 'd', 'p', 'c', 's']);
    let ledger: Ledger = emptyLedger;
    for (const account of accounts) ledger = (openAccount(ledger, account) as { ledger: Ledger }).ledger;
    const step = (input: TransferInput) => {
      const result = applyTransfer(ledger, input);
      if (!result.ok) throw new Error(result.reason);
      ledger = result.ledger;
    };
    step({ kind: 'posted', id: 'a;1', debitAccountId: 'f', creditAccountId: 'b', amountPence: 150_000, code: 'allocation', description: 'Budget; first year\nagreed', occurredOn: '2026-04-01' });
    step({ kind: 'pending', id: 'h1', debitAccountId: 'b', creditAccountId: 'd', amountPence: 40_000, code: 'payment', occurredOn: '2026-04-02' });
    expect(writeJournal(ledger, { title: 'Northshire; ledger' })).toBe(
      [
        '; Northshire ledger',
        '',
        'account assets:area:funding:adult-social-care',
        'account assets:area:settlement',
        'account assets:contributions:person-1',
        'account liabilities:budgets:person-1:adult-social-care',
        'account liabilities:direct-payments:person-1:adult-social-care',
        'account liabilities:providers:provider-1',
        '',
        '2026-04-01 * (allocation) Budget first year agreed',
        '    ; transfer: a%3B1',
        '    assets:area:funding:adult-social-care                        1500.00 GBP',
        '    liabilities:budgets:person-1:adult-social-care              -1500.00 GBP',
        '',
        '2026-04-02 ! (payment) payment',
        '    ; transfer: h1',
        '    liabilities:budgets:person-1:adult-social-care                400.00 GBP',
        '    liabilities:direct-payments:person-1:adult-social-care       -400.00 GBP',
        '',
      ].join('\n'),
    );
    step({ kind: 'post-pending', id: 'h1-post', pendingId: 'h1', amountPence: 35_000, code: 'payment', occurredOn: '2026-04-03' });
    const { transactions } = readJournal(writeJournal(ledger));
    expect(transactions.map((t) => [t.date, t.status, t.postings[0]!.pence])).toEqual([
      ['2026-04-01', '*', 150_000],
      ['2026-04-03', '*', 35_000],
    ]);
  });

  it('reads back, over random ledgers, as balanced transactions whose totals are the ledger’s balances', () => {
    const accountIds = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
    const accounts = accountsFor(accountIds);
    fc.assert(
      fc.property(operations(accounts.length, 40), (ops) => {
        let ledger: Ledger = emptyLedger;
        for (const account of accounts) ledger = (openAccount(ledger, account) as { ledger: Ledger }).ledger;
        const sent: TransferInput[] = [];
        for (const operation of ops) {
          const input = inputFor(operation, ledger, sent, accountIds);
          if (!input) continue;
          sent.push(input);
          const result = applyTransfer(ledger, input);
          if (result.ok) ledger = result.ledger;
        }
        const { accounts: declared, transactions } = readJournal(writeJournal(ledger));
        const nameOf = new Map(accounts.map((account) => [account.id, journalAccountName(account)]));
        expect(declared.sort()).toEqual([...nameOf.values()].sort());
        for (const transaction of transactions) {
          expect(transaction.postings).toHaveLength(2);
          expect(transaction.postings.reduce((sum, posting) => sum + posting.pence, 0)).toBe(0);
        }
        const { cleared, pending } = journalTotals(transactions);
        for (const account of accounts) {
          const name = nameOf.get(account.id)!;
          expect(cleared.get(name) ?? 0).toBe(net(balanceOf(ledger, account.id)).posted);
          expect(pending.get(name) ?? 0).toBe(net(balanceOf(ledger, account.id)).pending);
        }
      }),
      { numRuns: 40 },
    );
  });
});
