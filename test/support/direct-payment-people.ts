// For payment run tests: an area whose people have agreed budgets with an accepted direct payment offer, written
// straight into the tables in bulk (the sign-off journey that makes them is tested elsewhere and is too slow for
// hundreds of people), with bank details, two finance officers and the area's own Bacs account.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { agreedBudgets, areas, bankAccounts, directPaymentOffers, fundingStreams, organisations, people, regions, roleAssignments, supportPlans, users } from '../../src/db/schema.ts';
import { checkModulus } from '../../src/domain/payments/modulus.ts';
import { modulusTables } from '../../src/platform/modulus-tables.ts';
import type { AuditWriter } from '../../src/records/audit.ts';
import { setPaymentSettings } from '../../src/records/payment-runs.ts';

export const streamCode = 'adult-social-care';
export const agreedOn = '2026-10-01';

/** Account numbers at sort code 08-99-99 that pass the modulus check, as many as asked for. */
export function passingAccountNumbers(howMany: number): string[] {
  const tables = modulusTables();
  const found: string[] = [];
  for (let candidate = 10_000_000; found.length < howMany; candidate += 1) {
    const number = String(candidate);
    if (checkModulus(tables, '089999', number).valid) found.push(number);
  }
  return found;
}

/** Fails modulus 10 at 08-99-99 (Vocalink's published test case). */
export const failingAccountNumber = '66374959';

export interface PaymentArea {
  areaId: string;
  personIds: string[];
  /** Each person's weekly budget: the agreed yearly amount is this × 52. */
  weeklyPence: number[];
  financeOfficers: [string, string];
  /** Not a finance officer. */
  otherUserId: string;
  declinedPersonId: string;
}

const noAudit: AuditWriter = async () => {};

/**
 * An area with `count` people due a direct payment. `noBank` people (by index) have no bank details and `failingBank`
 * ones have details that fail the modulus check (as if the tables changed after they were given). One more person
 * declined the offer, so is never due.
 */
export async function paymentArea(db: Database, options: { count: number; noBank?: readonly number[]; failingBank?: readonly number[] }): Promise<PaymentArea> {
  const label = randomUUID().slice(0, 8);
  const [region] = await db.insert(regions).values({ name: `Payments region ${label}` }).returning({ id: regions.id });
  const [area] = await db.insert(areas).values({ regionId: region!.id, name: `Payments area ${label}` }).returning({ id: areas.id });
  const areaId = area!.id;
  const [council] = await db.insert(organisations).values({ regionId: region!.id, areaId, name: `Council ${label}`, kind: 'county_council' }).returning({ id: organisations.id });
  await db.insert(fundingStreams).values({ areaId, code: streamCode, name: 'Adult Social Care', sector: 'social care', owningOrganisationId: council!.id });
  const staff = await db
    .insert(users)
    .values(['finance.one', 'finance.two', 'practitioner'].map((name) => ({ email: `${name}.${label}@example.test`, displayName: name })))
    .returning({ id: users.id });
  await db.insert(roleAssignments).values([
    { userId: staff[0]!.id, role: 'finance_officer', organisationId: council!.id },
    { userId: staff[1]!.id, role: 'finance_officer', organisationId: council!.id },
    { userId: staff[2]!.id, role: 'practitioner', organisationId: council!.id },
  ]);

  const total = options.count + 1;
  const personRows = await db
    .insert(people)
    .values(Array.from({ length: total }, (_, index) => ({ areaId, givenName: `Person${index}`, familyName: 'Payee', dateOfBirth: '1970-01-01' })))
    .returning({ id: people.id });
  const personIds = personRows.map((row) => row.id);
  const plans = await db
    .insert(supportPlans)
    .values(personIds.map((personId) => ({ areaId, personId, state: 'agreed', signOff: {}, agreedAt: new Date('2026-10-01T12:00:00Z') })))
    .returning({ id: supportPlans.id, personId: supportPlans.personId });
  const weeklyPence = personIds.map((_, index) => 15_000 + index * 37);
  await db.insert(agreedBudgets).values(
    plans.map((plan, index) => ({ areaId, personId: plan.personId, planId: plan.id, streamCode, ageBand: '18-64', indicativeYearlyPence: weeklyPence[index]! * 52, actualYearlyPence: weeklyPence[index]! * 52, agreedOn })),
  );
  await db.insert(directPaymentOffers).values(plans.map((plan, index) => ({ areaId, planId: plan.id, personId: plan.personId, streamCode, state: index === options.count ? 'declined' : 'accepted', offer: {} })));

  const numbers = passingAccountNumbers(total);
  const banked = personIds.map((personId, index) => ({ personId, index })).filter(({ index }) => !options.noBank?.includes(index));
  await db.insert(bankAccounts).values(
    banked.map(({ personId, index }) => ({
      areaId,
      personId,
      sortCode: '089999',
      accountNumber: options.failingBank?.includes(index) ? failingAccountNumber : numbers[index]!,
      accountName: `PERSON${index} PAYEE`,
      modulus: 'passed',
    })),
  );
  const settings = await setPaymentSettings(db, areaId, { serviceUserNumber: '123456', sortCode: '20-00-00', accountNumber: '12345678', accountName: 'Payments County Council' }, noAudit);
  if (!settings.ok) throw new Error(JSON.stringify(settings.errors));
  return {
    areaId,
    personIds: personIds.slice(0, options.count),
    weeklyPence: weeklyPence.slice(0, options.count),
    financeOfficers: [staff[0]!.id, staff[1]!.id],
    otherUserId: staff[2]!.id,
    declinedPersonId: personIds[options.count]!,
  };
}
