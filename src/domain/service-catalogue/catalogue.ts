// An area's service catalogue as rules: which cost is in force on a day, and the cash equivalent of so much of a
// service so often, said in one plain sentence ("3 hours a day of Home care costs £514.50 a week…").
import { formatPence } from '../budget/money.ts';
import { costOf, formatQuantity, hundredthsPerUnit, serviceUnitNames, type Cost, type Frequency, type ServiceUnit } from '../support-plan/costs.ts';

/** A service's cost per unit from a day (YYYY-MM-DD), until an optional last day. */
export interface UnitCost {
  unitCostPence: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/**
 * The cost in force on `day`: the one with the latest `effectiveFrom` on or before it. If that one has ended before
 * the day (its `effectiveTo` is earlier), nothing is in force: an ended price is never stretched past its end, and an
 * earlier price never comes back.
 */
export function costInForce<C extends UnitCost>(costs: readonly C[], day: string): C | undefined {
  let latest: C | undefined;
  for (const cost of costs) {
    // YYYY-MM-DD strings compare in date order.
    if (cost.effectiveFrom <= day && (!latest || cost.effectiveFrom > latest.effectiveFrom)) latest = cost;
  }
  if (latest?.effectiveTo && latest.effectiveTo < day) return undefined;
  return latest;
}

/** "3 hours", "1 hour", "1.5 nights". */
export function quantityPhrase(unit: ServiceUnit, hundredths: number): string {
  const names = serviceUnitNames[unit];
  return `${formatQuantity(hundredths)} ${hundredths === hundredthsPerUnit ? names.one : names.many}`;
}

/** How often, as people say it: "a day" for 7 times a week, "3 times a week", "every 4 weeks", "once". */
export function frequencyPhrase(frequency: Frequency): string {
  if (frequency.kind === 'one-off') return 'once';
  if (frequency.kind === 'weekly') {
    if (frequency.timesPerWeek === 7) return 'a day';
    return frequency.timesPerWeek === 1 ? 'a week' : `${frequency.timesPerWeek} times a week`;
  }
  return frequency.timesPerFourWeeks === 1 ? 'every 4 weeks' : `${frequency.timesPerFourWeeks} times every 4 weeks`;
}

export interface CashEquivalent extends Cost {
  /** What is being costed, without the price: "3 hours a day of Home care". */
  what: string;
  /** The whole sentence to show or print. */
  sentence: string;
}

/**
 * The cash equivalent of `frequency` of a service at `unitCostPence` a unit, with the sentence that offers it as a
 * direct payment. Something bought once reads "Bath lift costs £450.00 once" or "3 hours of Home care costs £73.50 once".
 */
export function cashEquivalent(service: { name: string; unit: ServiceUnit }, unitCostPence: number, frequency: Frequency): CashEquivalent {
  const cost = costOf(unitCostPence, frequency);
  const often = frequencyPhrase(frequency);
  let what: string;
  if (service.unit === 'one-off') {
    const items = frequency.unitsEachTime === hundredthsPerUnit ? service.name : `${formatQuantity(frequency.unitsEachTime)} × ${service.name}`;
    what = cost.oneOff ? items : `${items} ${often}`;
  } else {
    const quantity = quantityPhrase(service.unit, frequency.unitsEachTime);
    what = cost.oneOff ? `${quantity} of ${service.name}` : `${quantity} ${often} of ${service.name}`;
  }
  const costs = cost.oneOff ? `costs ${formatPence(cost.yearlyPence)} once` : `costs ${formatPence(cost.weeklyPence)} a week (${formatPence(cost.yearlyPence)} a year)`;
  const sentence = `${what} ${costs}. You can take this as money instead, as a direct payment.`;
  return { ...cost, what, sentence };
}

const perUnit: Record<ServiceUnit, string> = { hour: 'an hour', day: 'a day', night: 'a night', week: 'a week', session: 'a session', mile: 'a mile', 'one-off': 'each' };

/** A unit cost as people read it: "£24.50 an hour", "£450.00 each". */
export function unitPrice(unitCostPence: number, unit: ServiceUnit): string {
  return `${formatPence(unitCostPence)} ${perUnit[unit]}`;
}
