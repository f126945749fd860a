// The demo's payments side, so a finance officer has real work to see: each area's own Bacs account (illustrative
// numbers), and bank details for the people who accepted a direct payment, except a few left without, so a payment run
// shows exceptions as well as payments. Every number is made up but well formed, and passes the modulus check.
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { areaPaymentSettings, bankAccounts, directPaymentOffers, people } from '../db/schema.ts';
import { bacsAccountName } from '../domain/payments/bacs-characters.ts';
import { checkModulus } from '../domain/payments/modulus.ts';
import { modulusTables } from '../platform/modulus-tables.ts';

/** An illustrative sort code the modulus tables know (a test range), so the demo's details are really checked. */
export const demoSortCode = '089999';
/** Every this many people with an accepted offer, counting from the second, one is left without bank details. */
const withoutDetailsEvery = 4;

/** The next account number at or after `from` that passes the modulus check at the demo sort code. */
function passingAccountNumber(from: number): { number: string; next: number } {
  const tables = modulusTables();
  for (let candidate = from; ; candidate += 1) {
    const number = String(candidate).padStart(8, '0');
    if (checkModulus(tables, demoSortCode, number).valid) return { number, next: candidate + 1 };
  }
}

/**
 * Gives the area its Bacs service user number and account, and bank details to the people who accepted a direct
 * payment offer (in the order their records were made), leaving out the second and every fourth after it.
 */
export async function createDemoPayments(tx: Queryable, input: { areaId: string; areaIndex: number; councilName: string; personIds: readonly string[] }): Promise<{ withDetails: number; withoutDetails: number }> {
  const { areaId, areaIndex } = input;
  const own = passingAccountNumber(70_000_000 + areaIndex * 1_000_000);
  const name = bacsAccountName(input.councilName, 'The account name');
  await tx.insert(areaPaymentSettings).values({ areaId, serviceUserNumber: String(900_001 + areaIndex), sortCode: demoSortCode, accountNumber: own.number, accountName: name.ok ? name.text : 'DEMO COUNCIL' });

  const accepted = await tx
    .selectDistinct({ personId: directPaymentOffers.personId, givenName: people.givenName, familyName: people.familyName })
    .from(directPaymentOffers)
    .innerJoin(people, and(eq(people.areaId, directPaymentOffers.areaId), eq(people.id, directPaymentOffers.personId)))
    .where(and(eq(directPaymentOffers.areaId, areaId), eq(directPaymentOffers.state, 'accepted')))
    .orderBy(asc(directPaymentOffers.personId));
  const order = new Map(input.personIds.map((id, index) => [id, index]));
  accepted.sort((a, b) => (order.get(a.personId) ?? 0) - (order.get(b.personId) ?? 0));
  let next = own.next;
  const rows: (typeof bankAccounts.$inferInsert)[] = [];
  accepted.forEach((person, index) => {
    if (index % withoutDetailsEvery === 1) return;
    const account = passingAccountNumber(next);
    next = account.next;
    const accountName = bacsAccountName(`${person.givenName} ${person.familyName}`, 'The name on the account');
    rows.push({ areaId, personId: person.personId, sortCode: demoSortCode, accountNumber: account.number, accountName: accountName.ok ? accountName.text : 'DEMO PAYEE', modulus: 'passed' });
  });
  if (rows.length > 0) await tx.insert(bankAccounts).values(rows);
  return { withDetails: rows.length, withoutDetails: accepted.length - rows.length };
}
