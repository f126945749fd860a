// For tests only (beside arbitraries.ts, so the domain's tests may use it too): reads a journal, hledger's and
// ledger-cli's plain text, back into transactions, strictly, so the tests of the journal writer and of
// `rtc ledger export` check what the tools would read rather than what the writer meant.

export interface ReadTransaction {
  date: string;
  status: '*' | '!';
  code: string;
  /** The transfer's id, from the `; transfer:` comment under the header. */
  transferId: string | undefined;
  postings: { account: string; pence: number }[];
}

/**
 * Reads a journal back by the grammar hledger and ledger-cli share: a dated header with a status and a (code), then
 * indented postings of an account name, two or more spaces, and an amount. Anything else is a mistake in the writer.
 */
export function readJournal(text: string): { accounts: string[]; transactions: ReadTransaction[] } {
  const accounts: string[] = [];
  const transactions: ReadTransaction[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('; ')) continue;
    const transfer = /^ {4}; transfer: (\S+)$/.exec(line);
    if (transfer) {
      transactions.at(-1)!.transferId = decodeURIComponent(transfer[1]!);
      continue;
    }
    if (line.startsWith('    ; ')) continue;
    const declared = /^account (\S+)$/.exec(line);
    if (declared) {
      accounts.push(declared[1]!);
      continue;
    }
    const header = /^(\d{4}-\d{2}-\d{2}) ([*!]) \(([a-z][a-z0-9-]*)\) (\S.*)$/.exec(line);
    if (header) {
      if (/;| {2}/.test(header[4]!)) throw new Error(`A description that would end early: ${JSON.stringify(line)}`);
      transactions.push({ date: header[1]!, status: header[2] as '*' | '!', code: header[3]!, transferId: undefined, postings: [] });
      continue;
    }
    const posting = /^ {4}([a-z0-9._-]+(?::[a-z0-9._-]+)*) {2,}(-?)(\d+)\.(\d{2}) GBP$/.exec(line);
    if (!posting) throw new Error(`Not journal: ${JSON.stringify(line)}`);
    const pence = Number(posting[3]) * 100 + Number(posting[4]);
    transactions.at(-1)!.postings.push({ account: posting[1]!, pence: posting[2] === '-' ? -pence : pence });
  }
  return { accounts, transactions };
}

/** Each account's total over the cleared (posted) transactions and over the pending ones. */
export function journalTotals(transactions: readonly ReadTransaction[]): { cleared: Map<string, number>; pending: Map<string, number> } {
  const cleared = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const transaction of transactions) {
    const totals = transaction.status === '*' ? cleared : pending;
    for (const posting of transaction.postings) totals.set(posting.account, (totals.get(posting.account) ?? 0) + posting.pence);
  }
  return { cleared, pending };
}
