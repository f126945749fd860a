// What the catalogue's forms and the calculator accept, as GOV.UK messages for each field. Money and quantities are
// read by the shared rules (pounds to pence, quantities in hundredths), so a price typed here means what it means
// everywhere else.
import { poundsToPence } from '../../domain/budget/money.ts';
import { dayFrom, earliestCostDay, latestCostDay, longestDescription, longestDirectoryEntry, longestName, longestProvider } from '../../domain/service-catalogue/catalogue-csv.ts';
import { type Frequency, isServiceUnit, parseQuantity, type ServiceUnit } from '../../domain/support-plan/costs.ts';

type Form = Record<string, unknown>;
type Checked<T> = { ok: true; value: T } | { ok: false; messages: Record<string, string> };

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
const list = (form: Form, name: string) => [form[name]].flat().filter((value): value is string => typeof value === 'string' && value !== '');

/** The day typed into a GOV.UK date input named `prefix` (its -day, -month and -year boxes); `what` names it in messages. */
export function readTypedDay(form: Form, prefix: string, what: string): { ok: true; day: string | undefined } | { ok: false; message: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => text(form, `${prefix}-${part}`));
  const missing = [['day', day], ['month', month], ['year', year]].filter(([, value]) => value === '').map(([name]) => name!);
  if (missing.length === 3) return { ok: true, day: undefined };
  if (missing.length) return { ok: false, message: `${what} must include a ${missing.join(' and a ')}` };
  const typed = [day, month, year].every((value) => /^\d+$/.test(value!)) && year!.length === 4 ? dayFrom(Number(year), Number(month), Number(day)) : undefined;
  if (!typed) return { ok: false, message: `${what} must be a real date, like 1 4 2026` };
  if (typed < earliestCostDay || typed > latestCostDay) return { ok: false, message: `${what} must be in the years 2000 to 2099` };
  return { ok: true, day: typed };
}

export interface ServiceDetails {
  name: string;
  description: string;
  streamIds: string[];
  providerOrganisationId: string | null;
  providerName: string | null;
  directoryEntryId: string | null;
}

export interface NewCost {
  unitCostPence: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

function readDetails(form: Form, choices: { streamIds: readonly string[]; organisationIds: readonly string[] }, messages: Record<string, string>): ServiceDetails {
  const name = text(form, 'name');
  if (name === '') messages.name = 'Enter the name of the service';
  else if (name.length > longestName) messages.name = `Name must be ${longestName} characters or fewer`;
  const description = text(form, 'description');
  if (description.length > longestDescription) messages.description = `Description must be ${longestDescription} characters or fewer`;
  const streamIds = [...new Set(list(form, 'streams'))];
  if (streamIds.length === 0 || streamIds.some((id) => !choices.streamIds.includes(id))) messages.streams = 'Select the funding streams that can pay for this service';
  const organisation = text(form, 'providerOrganisationId');
  if (organisation !== '' && !choices.organisationIds.includes(organisation)) messages.providerOrganisationId = 'Select an organisation in this area, or none';
  const providerName = text(form, 'providerName');
  if (providerName.length > longestProvider) messages.providerName = `Provider must be ${longestProvider} characters or fewer`;
  if (organisation !== '' && providerName !== '') messages.providerName = 'Either choose the provider from the list or type its name, not both';
  const directoryEntryId = text(form, 'directoryEntryId');
  if (directoryEntryId.length > longestDirectoryEntry) messages.directoryEntryId = `Directory entry must be ${longestDirectoryEntry} characters or fewer`;
  return { name, description, streamIds, providerOrganisationId: organisation || null, providerName: organisation ? null : providerName || null, directoryEntryId: directoryEntryId || null };
}

function readCost(form: Form, messages: Record<string, string>): NewCost | undefined {
  const pence = poundsToPence(text(form, 'unitCost'));
  if (!pence.ok) messages.unitCost = pence.error.replace('Enter an amount,', 'Enter the unit cost,');
  else if (pence.pence === 0) messages.unitCost = 'Enter a unit cost that is more than £0';
  const from = readTypedDay(form, 'effectiveFrom', 'The date it applies from');
  if (!from.ok) messages.effectiveFrom = from.message;
  else if (!from.day) messages.effectiveFrom = 'Enter the date this cost applies from';
  const to = readTypedDay(form, 'effectiveTo', 'The last day');
  if (!to.ok) messages.effectiveTo = to.message;
  else if (to.day && from.ok && from.day && to.day < from.day) messages.effectiveTo = 'The last day must be the same as or after the date it applies from';
  if (!pence.ok || !from.ok || !from.day || !to.ok || messages.unitCost || messages.effectiveTo) return undefined;
  return { unitCostPence: pence.pence, effectiveFrom: from.day, effectiveTo: to.day ?? null };
}

export const newServiceFieldOrder = ['name', 'unit', 'unitCost', 'effectiveFrom', 'effectiveTo', 'streams', 'providerOrganisationId', 'providerName', 'directoryEntryId', 'description'] as const;
export const changeServiceFieldOrder = ['name', 'streams', 'providerOrganisationId', 'providerName', 'directoryEntryId', 'description'] as const;
export const newCostFieldOrder = ['unitCost', 'effectiveFrom', 'effectiveTo'] as const;

export function readNewService(form: Form, choices: { streamIds: readonly string[]; organisationIds: readonly string[] }): Checked<ServiceDetails & { unit: ServiceUnit; cost: NewCost }> {
  const messages: Record<string, string> = {};
  const details = readDetails(form, choices, messages);
  const unit = text(form, 'unit');
  if (!isServiceUnit(unit)) messages.unit = 'Select the unit the service is priced in';
  const cost = readCost(form, messages);
  if (Object.keys(messages).length || !cost || !isServiceUnit(unit)) return { ok: false, messages };
  return { ok: true, value: { ...details, unit, cost } };
}

export function readServiceChange(form: Form, choices: { streamIds: readonly string[]; organisationIds: readonly string[] }): Checked<ServiceDetails> {
  const messages: Record<string, string> = {};
  const details = readDetails(form, choices, messages);
  return Object.keys(messages).length ? { ok: false, messages } : { ok: true, value: details };
}

export function readNewCost(form: Form): Checked<NewCost> {
  const messages: Record<string, string> = {};
  const cost = readCost(form, messages);
  return cost && !Object.keys(messages).length ? { ok: true, value: cost } : { ok: false, messages };
}

/** The calculator's questions, in the order the page asks them. */
export const calculatorFieldOrder = ['service', 'quantity', 'often', 'times'] as const;
export const mostTimesPerWeek = 100;
export const mostTimesPerFourWeeks = 400;

function readTimes(value: string, most: number, what: string): { ok: true; times: number } | { ok: false; message: string } {
  if (value === '') return { ok: false, message: `Enter how many times ${what}` };
  if (!/^\d+$/.test(value)) return { ok: false, message: `Enter how many times ${what} as a whole number, like 3` };
  const times = Number(value);
  if (times < 1 || times > most) return { ok: false, message: `Enter a number of times ${what} from 1 to ${most}` };
  return { ok: true, times };
}

/** What to price on the calculator: a service from `serviceIds`, how much each time and how often. */
export function readCalculation(query: Form, serviceIds: readonly string[]): Checked<{ serviceId: string; frequency: Frequency }> {
  const messages: Record<string, string> = {};
  const serviceId = text(query, 'service');
  if (!serviceIds.includes(serviceId)) messages.service = 'Select a service';
  const quantity = parseQuantity(text(query, 'quantity'), 'how much each time');
  if (!quantity.ok) messages.quantity = quantity.error;
  const often = text(query, 'often');
  let frequency: Frequency | undefined;
  const unitsEachTime = quantity.ok ? quantity.hundredths : 0;
  if (often === 'week') {
    const times = readTimes(text(query, 'times'), mostTimesPerWeek, 'a week');
    if (times.ok) frequency = { kind: 'weekly', timesPerWeek: times.times, unitsEachTime };
    else messages.times = times.message;
  } else if (often === 'four-weeks') {
    const times = readTimes(text(query, 'times'), mostTimesPerFourWeeks, 'every 4 weeks');
    if (times.ok) frequency = { kind: 'four-weekly', timesPerFourWeeks: times.times, unitsEachTime };
    else messages.times = times.message;
  } else if (often === 'once') frequency = { kind: 'one-off', unitsEachTime };
  else messages.often = 'Select how often';
  if (Object.keys(messages).length || !frequency) return { ok: false, messages };
  return { ok: true, value: { serviceId, frequency } };
}
