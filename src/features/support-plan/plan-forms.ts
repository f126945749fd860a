// Reads the support plan's forms into plan changes, with GOV.UK messages keyed by field when an answer does not fit,
// and turns a stored outcome or item back into the answers its form shows.
import { formatPence } from '../../domain/budget/money.ts';
import { careActOutcomes } from '../../domain/care-act-outcomes.ts';
import { formatQuantity } from '../../domain/support-plan/costs.ts';
import type { TypedDay } from '../../domain/support-plan/days.ts';
import {
  type CareActOutcomeCode,
  type OutcomeDomainCode,
  type PlanAuthor,
  type PlanItem,
  type PlanItemContext,
  type PlanItemDetails,
  type PlanOutcome,
  checkPlanItem,
  itemCost,
  outcomeDomains,
  planAuthors,
  planItemFields,
} from '../../domain/support-plan/plan.ts';

/** The longest an outcome or the "if things go wrong" text may be. */
export const longestWords = 2000;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  return [value].flat().filter((entry): entry is string => typeof entry === 'string');
}

/** The plan revision the form was shown with; -1 (which never matches) if it is missing or not a number. */
export function revisionOf(answers: Record<string, unknown>): number {
  const value = text(answers.revision);
  return /^\d{1,9}$/.test(value) ? Number(value) : -1;
}

export type FormRead<T> = { ok: true; value: T } | { ok: false; messages: Record<string, string> };

export const outcomeFieldOrder = ['inOwnWords', 'careActOutcomes', 'domain'] as const;

/** An outcome from its form: the person's own words, the Care Act outcomes it is about, and its area of wellbeing. */
export function readOutcome(answers: Record<string, unknown>, id: string): FormRead<PlanOutcome> {
  const messages: Record<string, string> = {};
  const words = text(answers.inOwnWords).trim();
  if (words === '') messages.inOwnWords = 'Enter what you want, in your own words';
  else if (words.length > longestWords) messages.inOwnWords = `What you want must be ${longestWords} characters or fewer`;
  const codes = list(answers.careActOutcomes);
  const known = careActOutcomes.map((outcome) => outcome.code as string);
  if (codes.length === 0 || codes.some((code) => !known.includes(code))) messages.careActOutcomes = 'Select at least one thing this outcome is about';
  const domain = text(answers.domain);
  if (!outcomeDomains.some((entry) => entry.code === domain)) messages.domain = 'Select the part of your life this is about';
  if (Object.keys(messages).length > 0) return { ok: false, messages };
  return { ok: true, value: { id, inOwnWords: words, careActOutcomes: [...new Set(codes)] as CareActOutcomeCode[], domain: domain as OutcomeDomainCode } };
}

export function outcomeAnswers(outcome: PlanOutcome): Record<string, unknown> {
  return { inOwnWords: outcome.inOwnWords, careActOutcomes: outcome.careActOutcomes, domain: outcome.domain };
}

function typedDay(answers: Record<string, unknown>, prefix: string): TypedDay {
  return { day: text(answers[`${prefix}-day`]), month: text(answers[`${prefix}-month`]), year: text(answers[`${prefix}-year`]) };
}

/** The item form's fields in the order the error summary lists them; dates link to their first box. */
export const itemFieldOrder = planItemFields;

/** An item from its form, checked by the plan's own rules, and priced: an amount too large to add up is refused. */
export function readItem(answers: Record<string, unknown>, context: PlanItemContext): FormRead<PlanItemDetails> {
  const checked = checkPlanItem(
    {
      what: text(answers.what),
      provider: text(answers.provider),
      delivery: text(answers.delivery),
      streamCode: text(answers.streamCode),
      unit: text(answers.unit),
      howOften: text(answers.howOften),
      times: text(answers.times),
      quantity: text(answers.quantity),
      unitCost: text(answers.unitCost),
      start: typedDay(answers, 'start'),
      end: typedDay(answers, 'end'),
      outcomeIds: list(answers.outcomeIds),
    },
    context,
  );
  if (!checked.ok) return { ok: false, messages: checked.errors as Record<string, string> };
  try {
    itemCost(checked.details);
  } catch {
    return { ok: false, messages: { unitCost: 'This costs too much to add up: check the cost and how often it happens' } };
  }
  return { ok: true, value: checked.details };
}

function dayAnswers(prefix: string, day: string | null): Record<string, string> {
  if (day === null) return {};
  const [year, month, date] = day.split('-');
  return { [`${prefix}-day`]: String(Number(date)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year! };
}

export function itemAnswers(item: PlanItem): Record<string, unknown> {
  const frequency = item.frequency;
  return {
    what: item.what,
    provider: item.provider,
    delivery: item.delivery,
    streamCode: item.streamCode ?? '',
    unit: item.unit,
    howOften: frequency.kind,
    times: frequency.kind === 'weekly' ? String(frequency.timesPerWeek) : frequency.kind === 'four-weekly' ? String(frequency.timesPerFourWeeks) : '',
    quantity: formatQuantity(frequency.unitsEachTime),
    unitCost: formatPence(item.unitCostPence).replace('£', ''),
    outcomeIds: item.outcomeIds,
    ...dayAnswers('start', item.startDate),
    ...dayAnswers('end', item.endDate),
  };
}

export const aboutFieldOrder = ['ifThingsGoWrong', 'writtenWith'] as const;

/** What to do if things go wrong, in the person's words, and who helped write the plan. */
export function readAbout(answers: Record<string, unknown>): FormRead<{ ifThingsGoWrong: string; writtenWith: PlanAuthor[] }> {
  const words = text(answers.ifThingsGoWrong).trim();
  const authors = list(answers.writtenWith);
  const messages: Record<string, string> = {};
  if (words.length > longestWords) messages.ifThingsGoWrong = `This must be ${longestWords} characters or fewer`;
  if (authors.some((author) => !(planAuthors as readonly string[]).includes(author))) messages.writtenWith = 'Select who helped from the list';
  if (Object.keys(messages).length > 0) return { ok: false, messages };
  return { ok: true, value: { ifThingsGoWrong: words, writtenWith: [...new Set(authors)] as PlanAuthor[] } };
}

export const stopFieldOrder = ['lastDay'] as const;
