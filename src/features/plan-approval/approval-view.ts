// The approval page as one model: for each part of the plan the approver's organisation owns, what is in it and what
// it costs, the totals against the indicative budget, whether a panel is needed and whether the amount is within the
// approver's limit; for every other agency's part, only where it has got to. Nothing of another agency's part leaks.
import { formatPence, yearlyToWeekly } from '../../domain/budget/money.ts';
import { directPaymentExceptions } from '../../domain/support-plan/direct-payment.ts';
import { currentItems, deliveryNames, describeFrequency, itemCost, type SupportPlan } from '../../domain/support-plan/plan.ts';
import { type Approver, type Part, panelCheck, partStateNames, withinLimit } from '../../domain/support-plan/sign-off.ts';
import type { PlanStream } from '../../records/support-plans.ts';

export interface ItemRow {
  what: string;
  provider: string;
  howOften: string;
  weekly: string;
  yearly: string;
  delivery: string;
  outcomes: string[];
}

export interface OwnPart {
  streamCode: string;
  streamName: string;
  organisationName: string;
  state: Part['state'];
  stateName: string;
  waiting: boolean;
  items: ItemRow[];
  planYearly: string;
  planWeekly: string;
  indicativeYearly: string;
  indicativeWeekly: string;
  /** "£120.00 a year over the indicative budget": the difference in words, never by colour alone. */
  difference: string;
  panel: { needed: boolean; sentence: string; headline: string };
  /** Whether this approver may approve the plan's total alone, in words. */
  limit: { within: boolean; sentence: string } | undefined;
  /** The first approval, while a second is awaited. */
  firstApproval: { by: string; actualYearly: string; reason: string | null; panelAgreed: boolean; byYou: boolean } | undefined;
  /** The amount the form starts with: the plan's total for the year. */
  defaultActual: string;
  returnReason: string | null;
}

export interface OtherPart {
  streamName: string;
  /** "Supporting People: with Riverton District Council (waiting for approval)". */
  sentence: string;
}

export interface ApprovalInputs {
  parts: readonly Part[];
  document: SupportPlan;
  streams: readonly PlanStream[];
  /** The organisations whose parts this approver acts on, with the approver's standing in each. */
  approvers: ReadonlyMap<string, Approver | undefined>;
  reasonNames: Readonly<Record<string, string>>;
  approverNames: Readonly<Record<string, string>>;
  userId: string | undefined;
}

/** Pence as pounds for a form field: "1234.50". */
export function poundsForField(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

function differenceSentence(planYearly: number, indicativeYearly: number): string {
  const difference = planYearly - indicativeYearly;
  if (difference === 0) return 'The plan costs exactly the indicative budget';
  return `The plan costs ${formatPence(Math.abs(difference))} a year ${difference > 0 ? 'more' : 'less'} than the indicative budget`;
}

export function approvalView(inputs: ApprovalInputs): { own: OwnPart[]; others: OtherPart[] } {
  const { document, streams } = inputs;
  const outcomes = new Map(document.outcomes.map((outcome) => [outcome.id, outcome.inOwnWords]));
  const items = currentItems(document);
  const own: OwnPart[] = [];
  const others: OtherPart[] = [];
  for (const part of inputs.parts) {
    const stream = streams.find((s) => s.streamCode === part.streamCode);
    const streamName = stream?.streamName ?? part.streamCode;
    const organisationName = stream?.owningOrganisationName ?? 'the organisation that runs it';
    if (!inputs.approvers.has(part.owningOrganisationId)) {
      others.push({ streamName, sentence: `${streamName}: with ${organisationName} (${partStateNames[part.state].toLowerCase()})` });
      continue;
    }
    const approver = inputs.approvers.get(part.owningOrganisationId);
    const tolerance = stream?.tolerancePercent ?? 10;
    const panel = panelCheck(part.indicativeYearlyPence, part.planYearlyPence, tolerance);
    const first = part.approvals[0];
    const amount = first?.actualYearlyPence ?? part.planYearlyPence;
    const within = approver ? withinLimit(approver, amount) : false;
    own.push({
      streamCode: part.streamCode,
      streamName,
      organisationName,
      state: part.state,
      stateName: partStateNames[part.state],
      waiting: part.state === 'awaiting-approval' || part.state === 'awaiting-second-approval',
      items: items
        .filter((item) => item.streamCode === part.streamCode)
        .map((item) => {
          const cost = itemCost(item);
          return {
            what: item.what,
            provider: item.provider,
            howOften: describeFrequency(item.unit, item.frequency),
            weekly: cost.oneOff ? 'Paid once' : formatPence(cost.weeklyPence),
            yearly: formatPence(cost.yearlyPence),
            delivery: deliveryNames[item.delivery],
            outcomes: item.outcomeIds.map((id) => outcomes.get(id)).filter((words): words is string => words !== undefined),
          };
        }),
      planYearly: formatPence(part.planYearlyPence),
      planWeekly: formatPence(yearlyToWeekly(part.planYearlyPence)),
      indicativeYearly: formatPence(part.indicativeYearlyPence),
      indicativeWeekly: formatPence(yearlyToWeekly(part.indicativeYearlyPence)),
      difference: differenceSentence(part.planYearlyPence, part.indicativeYearlyPence),
      panel: { ...panel, headline: panel.needed ? 'Outside tolerance: needs panel agreement' : 'Within tolerance: no panel needed' },
      limit: approver
        ? {
            within,
            sentence: within
              ? `${formatPence(amount)} a year is within your approval limit of ${formatPence(approver.limitYearlyPence)} a year`
              : `This is above your limit of ${formatPence(approver.limitYearlyPence)} a year. Another approver at ${organisationName} will need to agree it`,
          }
        : undefined,
      firstApproval: first
        ? {
            by: inputs.approverNames[first.approverId] ?? 'Another approver',
            actualYearly: formatPence(first.actualYearlyPence),
            reason: first.reasonCode ? (inputs.reasonNames[first.reasonCode] ?? first.reasonCode) : null,
            panelAgreed: first.panelAgreed,
            byYou: first.approverId === inputs.userId,
          }
        : undefined,
      defaultActual: poundsForField(part.planYearlyPence),
      returnReason: part.returnReason,
    });
  }
  return { own, others };
}

export const exceptionItems = directPaymentExceptions.map((exception) => ({ value: exception.code, text: exception.name }));
