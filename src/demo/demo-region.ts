// Creates (or resets) the illustrative demo region: two areas with agencies for all six streams, a user for every
// role, and synthetic people. Everything it makes is marked illustrative and is removed by the next reset.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { noContacts, type OrganisationContacts } from '../domain/organisation-contacts.ts';
import type { OrganisationKind, Role } from '../domain/roles.ts';
import type { Database, Queryable } from '../db/database.ts';
import { agreedBudgets, apiTokens, areaConfigurations, areaPaymentSettings, areas, bankAccounts, ledgerAccounts, ledgerBalances, ledgerTransfers, paymentRunItems, paymentRuns, assessments, budgetReasonCodes, directPaymentOffers, supportPlanDecisions, supportPlanVersions, supportPlans, catalogueServices, catalogueServiceStreams, catalogueUnitCosts, consents, eligibilityDecisions, fundingStreams, indicativeBudgets, organisations, people, personSupporters, processEvents, referralChecks, regions, roleAssignments, sessions, signInAddresses, users } from '../db/schema.ts';
import { writeCatalogueEntries } from '../records/service-catalogue.ts';
import { createArea } from '../records/tenancy.ts';
import { hashPassword } from '../platform/passwords.ts';
import { londonDay } from '../domain/age-bands.ts';
import { processEventKey } from '../domain/process/process-events.ts';
import { completeAssessment } from '../features/assessment/submission.ts';
import { recordProcessEvent } from '../records/process-events.ts';
import { writeInBatches } from './batches.ts';
import { createDemoPayments } from './demo-payments.ts';
import { createDemoPlans } from './demo-plans.ts';
import { illustrativeCatalogue } from './service-catalogue.ts';
import { syntheticAnswers } from './synthetic-assessments.ts';
import { illustrativeNhsNumber, illustrativePostcode, syntheticPeopleGenerator } from './synthetic-people.ts';
import { type Clock, systemClock } from '../platform/clock.ts';

export const demoPasswordText = 'demo-password-2026';

export interface DemoOptions {
  people: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** "Today" for the demo's ages and dates; the system clock unless a test sets one. */
  clock?: Clock;
}

export interface DemoAccount {
  email: string;
  role: Role;
  where: string;
}

export interface DemoResult {
  regionId: string;
  areaIds: string[];
  accounts: DemoAccount[];
  people: number;
}

const areaPlans = [
  { name: 'Northshire (illustrative)', slug: 'northshire', share: 0.6, postcodeArea: 'NS' },
  { name: 'Riverton (illustrative)', slug: 'riverton', share: 0.4, postcodeArea: 'RV' },
];

// The first is the area's lead council; the rest are its partners, one of each kind, so every stream has its usual owner.
const organisationPlans: { kind: Exclude<OrganisationKind, 'regional_coordinator'>; name: (area: string) => string }[] = [
  { kind: 'county_council', name: (area) => `${area} County Council` },
  { kind: 'jobcentre_plus', name: (area) => `${area} Jobcentre Plus` },
  { kind: 'district_council', name: (area) => `${area} District Council` },
  { kind: 'national_agency', name: (area) => `Independent Living Fund (${area} team)` },
  { kind: 'user_led_organisation', name: (area) => `${area} Disabled People's Network` },
  { kind: 'provider', name: (area) => `${area} Home Care Co-operative` },
];

/**
 * Made-up contact details for a demo organisation: numbers from Ofcom's ranges kept for drama (01632 960xxx and
 * 020 7946 0xxx), which never reach anyone, and example.org addresses. The provider is left without any, so the demo
 * also shows what people are told when an organisation has not given its details yet.
 */
function demoContacts(kind: OrganisationKind, areaIndex: number, kindIndex: number, place: string, slug: string): OrganisationContacts {
  if (kind === 'provider') return noContacts;
  const serial = String(100 + areaIndex * 20 + kindIndex * 2).padStart(3, '0');
  const phone = kind === 'national_agency' ? `020 7946 0${serial}` : `01632 960 ${serial}`;
  const team = kind.replace(/_/g, '-');
  return {
    contactPhone: phone,
    contactEmail: `${team}@${slug}.example.org`,
    postalAddress: `${kindIndex + 1} Illustrative Street\n${place}\nAB1 ${areaIndex + 1}CD`,
    openingHours: kind === 'user_led_organisation' ? 'Monday to Thursday, 10am to 4pm' : 'Monday to Friday, 9am to 5pm',
    textRelay: `18001 then ${phone}`,
    bslVideoRelayUrl: `https://bsl.example.org/${slug}/${team}`,
    reviewHow: null,
  };
}

// Staff accounts per area: [local part of email, role, organisation kind].
/** Each member of staff: who, in what role, where, and for approvers the yearly amount (pence) they may approve alone. */
const staffPlans: [string, Role, OrganisationKind, number?][] = [
  ['practitioner', 'practitioner', 'county_council'],
  ['work.coach', 'practitioner', 'jobcentre_plus'],
  ['housing.officer', 'practitioner', 'district_council'],
  ['approver', 'approver', 'county_council', 2_000_000],
  ['senior.approver', 'approver', 'county_council', 10_000_000],
  ['work.approver', 'approver', 'jobcentre_plus', 2_000_000],
  ['housing.approver', 'approver', 'district_council', 3_000_000],
  ['finance', 'finance_officer', 'county_council'],
  // A second finance officer, so a payment run can be reviewed by one and released by another.
  ['finance.lead', 'finance_officer', 'county_council'],
  ['admin', 'area_administrator', 'county_council'],
  ['director', 'director', 'county_council'],
  ['broker', 'broker', 'user_led_organisation'],
];

/** Removes every illustrative record. The audit log is kept: it is append-only and names no one. */
export async function removeDemoData(tx: Queryable): Promise<void> {
  const demoRegions = (await tx.select({ id: regions.id }).from(regions).where(eq(regions.illustrative, true))).map((row) => row.id);
  const demoUsers = (await tx.select({ id: users.id }).from(users).where(eq(users.illustrative, true))).map((row) => row.id);
  if (demoUsers.length) {
    await tx.delete(sessions).where(inArray(sessions.userId, demoUsers));
    await tx.delete(signInAddresses).where(inArray(signInAddresses.userId, demoUsers));
    await tx.delete(roleAssignments).where(inArray(roleAssignments.userId, demoUsers));
    await tx.delete(apiTokens).where(inArray(apiTokens.createdByUserId, demoUsers));
  }
  if (demoRegions.length) {
    const demoAreas = (await tx.select({ id: areas.id }).from(areas).where(inArray(areas.regionId, demoRegions))).map((row) => row.id);
    await tx.delete(apiTokens).where(inArray(apiTokens.regionId, demoRegions));
    await tx.delete(roleAssignments).where(inArray(roleAssignments.regionId, demoRegions));
    if (demoAreas.length) {
      await tx.delete(roleAssignments).where(inArray(roleAssignments.areaId, demoAreas));
      // Children before parents: budgets and decisions hang off assessments, which hang off people and configuration.
      // The demo's books go first: payment run items name transfers and bank details, transfers name accounts.
      for (const table of [paymentRunItems, paymentRuns, ledgerBalances, ledgerTransfers, ledgerAccounts, bankAccounts, areaPaymentSettings, agreedBudgets, directPaymentOffers, supportPlanDecisions, supportPlanVersions, supportPlans, processEvents, indicativeBudgets, eligibilityDecisions, assessments, personSupporters, referralChecks]) {
        await tx.delete(table).where(inArray(table.areaId, demoAreas));
      }
      await tx.delete(consents).where(inArray(consents.areaId, demoAreas));
      await tx.delete(people).where(inArray(people.areaId, demoAreas));
      for (const table of [catalogueUnitCosts, catalogueServiceStreams, catalogueServices]) await tx.delete(table).where(inArray(table.areaId, demoAreas));
      await tx.delete(fundingStreams).where(inArray(fundingStreams.areaId, demoAreas));
      await tx.delete(areaConfigurations).where(inArray(areaConfigurations.areaId, demoAreas));
      await tx.delete(budgetReasonCodes).where(inArray(budgetReasonCodes.areaId, demoAreas));
    }
    await tx.delete(organisations).where(inArray(organisations.regionId, demoRegions));
    await tx.delete(areas).where(inArray(areas.regionId, demoRegions));
    await tx.delete(regions).where(inArray(regions.id, demoRegions));
  }
  if (demoUsers.length) await tx.delete(users).where(inArray(users.id, demoUsers));
}

/**
 * The county council's approver looks at the adult social care decision of most demo people: confirms most, changes
 * a few (with a reason), and leaves the rest for someone to look at, so every casework role has real work to see.
 * `turn` counts the area's people from 0.
 */
async function reviewDecisions(tx: Queryable, input: { areaId: string; personId: string; assessmentId: string; approverId: string; at: Date; turn: number }) {
  // The first two people in each area have accounts (the budget holder, and someone with a representative): their
  // decisions are left for a practitioner to check, as a newly assessed person's would be.
  if (input.turn < 2 || input.turn % 4 === 3) return;
  const [decision] = await tx
    .select()
    .from(eligibilityDecisions)
    .where(and(eq(eligibilityDecisions.areaId, input.areaId), eq(eligibilityDecisions.assessmentId, input.assessmentId), eq(eligibilityDecisions.streamCode, 'adult-social-care')));
  if (!decision || decision.decision === 'more information needed') return;
  const change = input.turn % 10 === 5;
  const confirmed = change ? (decision.decision === 'eligible' ? 'not eligible' : 'eligible') : decision.decision;
  await tx
    .update(eligibilityDecisions)
    .set({
      confirmedDecision: confirmed,
      confirmationReason: change ? 'Illustrative: the practitioner’s conversation with the person showed more than the form did.' : null,
      confirmedByUserId: input.approverId,
      confirmedAt: input.at,
    })
    .where(and(eq(eligibilityDecisions.areaId, input.areaId), eq(eligibilityDecisions.id, decision.id)));
  await recordProcessEvent(tx, { areaId: input.areaId, personId: input.personId, kind: 'eligibility-confirmed', streamCode: decision.streamCode, dedupeKey: processEventKey('eligibility-confirmed', decision.id), occurredAt: input.at });
}

/** A made-up NHS number from the range kept for testing (999…), valid by its check digit. */
const demoNhsNumber = '9990000018';

/**
 * The last two people of the area's first batch referred themselves online and nobody has checked them yet, so staff
 * have self-referrals to check; the last has the same NHS number as the area's third person, so it is flagged as a
 * possible duplicate.
 */
async function markSelfReferralsToCheck(tx: Queryable, areaId: string, personIds: readonly string[], referredAt: number) {
  if (personIds.length < 5) return;
  const [earlier, duplicate] = personIds.slice(-2) as [string, string];
  const known = personIds[2]!;
  for (const personId of [known, duplicate]) {
    await tx.update(people).set({ nhsNumber: demoNhsNumber }).where(and(eq(people.areaId, areaId), eq(people.id, personId)));
  }
  await tx.update(people).set({ referral: 'self-referral' }).where(and(eq(people.areaId, areaId), inArray(people.id, [earlier, duplicate])));
  await tx.insert(referralChecks).values([
    { areaId, personId: earlier, source: 'self-referral', possibleMatchIds: [], createdAt: new Date(referredAt) },
    { areaId, personId: duplicate, source: 'self-referral', possibleMatchIds: [known], createdAt: new Date(referredAt + 60 * 60 * 1000) },
  ]);
}

/**
 * People are made, written (with their consents, assessments, decisions and budgets) and let go this many at a time.
 * The first batch of each area is where its accounts and self-referrals come from, so changing this changes the demo.
 */
const peoplePerBatch = 500;

export async function createDemoRegion(db: Database, options: DemoOptions): Promise<DemoResult> {
  const passwordHash = await hashPassword(demoPasswordText);
  const clock = options.clock ?? systemClock;
  const today = clock.today();
  const nextPerson = syntheticPeopleGenerator(options.seed ?? 2026, today);
  const now = clock.now().getTime();
  const day = 24 * 60 * 60 * 1000;
  return db.transaction(async (tx) => {
    await removeDemoData(tx);
    const [region] = await tx.insert(regions).values({ name: 'Demo region (illustrative)', illustrative: true }).returning();
    const regionId = region!.id;
    const accounts: DemoAccount[] = [];
    const addUser = async (email: string, displayName: string, assignment: Omit<typeof roleAssignments.$inferInsert, 'userId'>, where: string) => {
      const [user] = await tx.insert(users).values({ email, displayName, passwordHash, illustrative: true }).returning({ id: users.id });
      await tx.insert(roleAssignments).values({ ...assignment, userId: user!.id });
      accounts.push({ email, role: assignment.role as Role, where });
      return user!.id;
    };

    const [coordinatorOrganisation] = await tx
      .insert(organisations)
      .values({ regionId, areaId: null, name: 'Demo Regional Personalisation Network', kind: 'regional_coordinator' })
      .returning();
    await addUser('coordinator@region.example', 'Robin Coordinator', { role: 'regional_coordinator', organisationId: coordinatorOrganisation!.id, regionId }, 'Demo region');
    await addUser('sysadmin@platform.example', 'Sam Sysadmin', { role: 'system_administrator' }, 'Whole platform');

    const areaIds: string[] = [];
    let made = 0;
    for (const plan of areaPlans) {
      const shortName = plan.name.replace(' (illustrative)', '');
      const [lead, ...partners] = organisationPlans.map((organisationPlan) => ({ name: organisationPlan.name(shortName), kind: organisationPlan.kind }));
      const created = await createArea(tx, { regionId, name: plan.name, illustrative: true, leadCouncil: { name: lead!.name, kind: 'county_council' }, partners }, { now: clock.now() });
      const areaId = created.areaId;
      areaIds.push(areaId);
      const organisationByKind = new Map<OrganisationKind, string>(created.organisations.map((organisation) => [organisation.kind, organisation.id]));
      for (const [kindIndex, organisation] of created.organisations.entries()) {
        await tx.update(organisations).set(demoContacts(organisation.kind, areaIds.length - 1, kindIndex, shortName, plan.slug)).where(eq(organisations.id, organisation.id));
      }
      // Priced from the start of the financial year, as councils set their rates.
      const financialYear = today.slice(5) >= '04-01' ? today.slice(0, 4) : String(Number(today.slice(0, 4)) - 1);
      await writeCatalogueEntries(tx, areaId, illustrativeCatalogue(`${financialYear}-04-01`, created.organisations.find((organisation) => organisation.kind === 'provider')?.name ?? ''));
      const [questionSet] = await tx
        .select({ id: areaConfigurations.id })
        .from(areaConfigurations)
        .where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.kind, 'question-set')));
      const staffIds = new Map<string, string>();
      for (const [localPart, role, kind, approvalLimitYearlyPence] of staffPlans) {
        const organisationId = organisationByKind.get(kind)!;
        const displayName = `${shortName} ${localPart.replace('.', ' ')}`.replace(/\b\w/g, (c) => c.toUpperCase());
        staffIds.set(localPart, await addUser(`${localPart}@${plan.slug}.example`, displayName, { role, organisationId, areaId, regionId, approvalLimitYearlyPence: approvalLimitYearlyPence ?? null }, shortName));
      }

      // People: the first two of each area have accounts (a budget holder, and someone with a representative).
      const count = Math.round(options.people * plan.share);
      const total = Math.max(count, 2);
      const before = made;
      const personIds: string[] = [];
      made += await writeInBatches(total, peoplePerBatch, nextPerson, async (batch, start) => {
        const inserted = await tx
          .insert(people)
          .values(
            batch.map((person, index) => ({
              areaId,
              givenName: person.givenName,
              familyName: person.familyName,
              dateOfBirth: person.dateOfBirth,
              team: person.team,
              illustrativeProfile: person.profile,
              // Made-up postcode areas and the NHS's test range, so searching by either finds someone in the demo.
              nhsNumber: illustrativeNhsNumber((areaIds.length - 1) * 50_000 + start + index),
              postcode: illustrativePostcode(plan.postcodeArea, start + index),
            })),
          )
          .returning({ id: people.id });
        personIds.push(...inserted.map((row) => row.id));
        const consentRows: (typeof consents.$inferInsert)[] = [];
        batch.forEach((person, index) => {
          const personId = inserted[index]!.id;
          const share = (kind: OrganisationKind) => consentRows.push({ areaId, personId, organisationId: organisationByKind.get(kind)! });
          share('county_council');
          if (person.profile.work === 'in work' || person.profile.work === 'looking for work') share('jobcentre_plus');
          if (person.profile.needsHomeAdaptations) share('district_council');
          if ((start + index) % 3 === 0) share('user_led_organisation');
        });
        await tx.insert(consents).values(consentRows);
        // Everyone has completed the self-assessment (spread over the last two months), so the what-if and the reports
        // have answers to work from; the assessment service then issues their decisions and budgets, as a submit would.
        const sent = await tx.insert(assessments).values(
          batch.map((person, index) => {
            const completedAt = new Date(now - ((start + index) % 60) * day);
            return {
              areaId,
              personId: inserted[index]!.id,
              questionSetId: questionSet!.id,
              status: 'completed',
              answers: syntheticAnswers(person, today),
              startedAt: new Date(completedAt.getTime() - 3 * day),
              updatedAt: completedAt,
              completedAt,
            };
          }),
        ).returning({ id: assessments.id, completedAt: assessments.completedAt });
        for (const [index, assessment] of sent.entries()) {
          const completedAt = assessment.completedAt!;
          await completeAssessment(tx, { id: assessment.id, areaId }, londonDay(completedAt), completedAt);
          await reviewDecisions(tx, { areaId, personId: inserted[index]!.id, assessmentId: assessment.id, approverId: staffIds.get('approver')!, at: new Date(completedAt.getTime() + 2 * day), turn: start + index });
        }
        if (start === 0) {
          const budgetHolderId = inserted[0]!.id;
          const representedId = inserted[1]!.id;
          await addUser(`budget.holder@${plan.slug}.example`, `${batch[0]!.givenName} ${batch[0]!.familyName}`, { role: 'budget_holder', personId: budgetHolderId, areaId, regionId }, shortName);
          const representativeId = await addUser(`representative@${plan.slug}.example`, `${shortName} Representative`, { role: 'representative', personId: representedId, areaId, regionId }, shortName);
          // The representative is on the person's record too, with their account, as someone added through the page.
          await tx.insert(personSupporters).values({ areaId, personId: representedId, kind: 'representative', name: `${shortName} Representative`, relationship: 'Family member (illustrative)', userId: representativeId });
        }
        if (start === 0) await markSelfReferralsToCheck(tx, areaId, inserted.map((row) => row.id), now - 2 * day);
        options.onProgress?.(before + start + batch.length, Math.max(options.people, 4));
      });
      await createDemoPlans(tx, { areaId, personIds, organisations: organisationByKind, staffIds, now: clock.now(), seed: (options.seed ?? 2026) + areaIds.length });
      await createDemoPayments(tx, { areaId, areaIndex: areaIds.length - 1, councilName: lead!.name, personIds });
    }
    await tx.execute(sql`analyze people, consents, assessments, eligibility_decisions, indicative_budgets, person_supporters, referral_checks, support_plans, agreed_budgets, process_events`);
    return { regionId, areaIds, accounts, people: made };
  });
}
