// What a person is told about their indicative budget, worked out once from the stored records and shown three ways:
// the budget page, the letter as HTML and the letter as PDF. Every amount is formatted here, so all three agree.
import type { ExplanationLine } from '../../domain/budget/explanation.ts';
import { formatPence } from '../../domain/budget/money.ts';

export interface StreamRecord {
  code: string;
  name: string;
  owner: string | null;
  ownerId: string | null;
}

export interface BudgetRecord {
  assessmentId: string;
  streamCode: string;
  configurationId: string;
  weeklyPence: number;
  yearlyPence: number;
  oneOffPence: number;
  lines: unknown;
  issuedAt: Date;
  supersededAt: Date | null;
}

export interface DecisionRecord {
  assessmentId: string;
  streamCode: string;
  decision: string;
  reasons: unknown;
  confirmedDecision: string | null;
  confirmationReason: string | null;
}

export interface BudgetRecords {
  streams: StreamRecord[];
  /** Budgets not yet superseded: the amounts available now. */
  current: BudgetRecord[];
  /** Superseded budgets, newest first. */
  earlier: BudgetRecord[];
  /** The decisions of the assessment the current budgets come from. */
  decisions: DecisionRecord[];
  /** The decisions of the assessments the earlier budgets come from: they say which of those amounts applied. */
  earlierDecisions: DecisionRecord[];
  /** The organisations the person agrees may see their record. */
  sharedWith: ReadonlySet<string>;
  /** The ids of the RAS tables, calculators and rules behind these budgets that are illustrative (made-up figures). */
  illustrativeConfigurations: ReadonlySet<string>;
  /** Stream code → the tolerance of the RAS table that priced it: how far a plan may differ without a panel. */
  tolerances: Readonly<Record<string, number>>;
}

/**
 * A table of explanation lines whose amounts add up, row by row, to the total in its last row. A money cell is empty
 * where the line carries no money in that column: such a row only explains.
 */
export interface ExplanationTable {
  caption: string;
  head: string[];
  /** Which columns hold numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
  total: string[];
}

export interface FundedStream {
  code: string;
  name: string;
  owner: string;
  weeklyPence: number;
  yearlyPence: number;
  oneOffPence: number;
  weekly: string;
  yearly: string;
  oneOff: string;
  /** Said when the owning organisation has looked at the decision again. */
  decisionNote?: string;
  /** Said when the owning organisation cannot see the record, so cannot check the decision until it is shared. */
  sharing?: SharingNeeded;
  /** How far (%) an agreed plan may differ from this amount without going to a panel, when the stream sets one. */
  tolerancePercent?: number;
  table: ExplanationTable;
}

export interface UnfundedStream {
  code: string;
  name: string;
  owner: string;
  decision: 'not eligible' | 'more information needed' | 'eligible';
  /** "You cannot get this at the moment", and so on. */
  headline: string;
  reasons: string[];
  whatToDo: string;
  sharing?: SharingNeeded;
}

/** The organisation to share the record with before it can check a stream's decision. */
export interface SharingNeeded {
  organisationId: string;
  text: string;
}

export interface BudgetHistoryEntry {
  issuedAt: Date;
  supersededAt: Date | null;
  weekly: string;
  yearly: string;
  oneOff: string;
  /** The streams whose amounts applied. */
  streams: string[];
  /** The streams worked out but not applied, because the organisation that runs it decided otherwise, and why. */
  notApplied: string[];
}

export interface BudgetView {
  issued: boolean;
  issuedAt?: Date;
  totals: { weeklyPence: number; yearlyPence: number; oneOffPence: number; weekly: string; yearly: string; oneOff: string };
  funded: FundedStream[];
  unfunded: UnfundedStream[];
  illustrative: boolean;
  history: BudgetHistoryEntry[];
}

/** Lines as stored: a list of explanation lines. Anything else shows as no lines rather than failing the page. */
export function storedLines(value: unknown): ExplanationLine[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (line): line is ExplanationLine => !!line && typeof line === 'object' && typeof (line as ExplanationLine).text === 'string' && Number.isSafeInteger((line as ExplanationLine).weeklyPenceChange),
  );
}

function reasonsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((reason): reason is string => typeof reason === 'string') : [];
}

/** "4", "−4": points as a person reads them, with a true minus sign like the amounts. */
function pointsText(points: number): string {
  return points < 0 ? `−${Math.abs(points)}` : String(points);
}

/** The explanation as a table: one row per line, then the total, which is the sum of the rows above it. */
export function explanationTable(streamName: string, budget: Pick<BudgetRecord, 'weeklyPence' | 'oneOffPence' | 'lines'>): ExplanationTable {
  const lines = storedLines(budget.lines);
  const withPoints = lines.some((line) => line.pointsChange !== undefined);
  const withOneOff = budget.oneOffPence !== 0 || lines.some((line) => (line.oneOffPenceChange ?? 0) !== 0);
  const withWeekly = budget.weeklyPence !== 0 || lines.some((line) => line.weeklyPenceChange !== 0) || !withOneOff;
  const head = ['How it is worked out', ...(withPoints ? ['Points'] : []), ...(withWeekly ? ['A week'] : []), ...(withOneOff ? ['Paid once'] : [])];
  const numeric = head.map((_, index) => index > 0);
  // A line that carries no money in a column (points under bands, the price per point) only explains: its cell is left
  // empty rather than showing "£0.00", which reads as if that need were worth nothing.
  const money = (pence: number) => (pence === 0 ? '' : formatPence(pence));
  const rows = lines.map((line) => [
    line.text,
    ...(withPoints ? [line.pointsChange === undefined ? '' : pointsText(line.pointsChange)] : []),
    ...(withWeekly ? [money(line.weeklyPenceChange)] : []),
    ...(withOneOff ? [money(line.oneOffPenceChange ?? 0)] : []),
  ]);
  const points = lines.reduce((sum, line) => sum + (line.pointsChange ?? 0), 0);
  const total = [
    'Total',
    ...(withPoints ? [pointsText(points)] : []),
    ...(withWeekly ? [formatPence(budget.weeklyPence)] : []),
    ...(withOneOff ? [formatPence(budget.oneOffPence)] : []),
  ];
  return { caption: `How your ${streamName} amount is worked out`, head, numeric, rows, total };
}

function whatToDo(decision: UnfundedStream['decision'], owner: string, shared: boolean): string {
  if (!shared) return `${owner} cannot see your record, so they cannot check this decision yet. Share your record with ${owner} first, then they can check it and you can ask them about it.`;
  switch (decision) {
    case 'more information needed':
      return `We need a little more information to decide. Update your self-assessment answers, or contact ${owner}.`;
    case 'eligible':
      return `You can get this, but the amount has not been worked out yet. ${owner} will tell you the amount.`;
    case 'not eligible':
      return `If you think this is wrong, or if things change for you, contact ${owner} and ask them to look at it again. You can also update your self-assessment answers at any time.`;
  }
}

const headlines: Record<UnfundedStream['decision'], string> = {
  'not eligible': 'You cannot get this at the moment',
  'more information needed': 'We need more information to decide',
  eligible: 'You can get this: the amount is still to be worked out',
};

function asDecision(value: string): UnfundedStream['decision'] {
  return value === 'eligible' || value === 'more information needed' ? value : 'not eligible';
}

/** What the owning organisation decided when it changed the rules' decision, with its reason: never the rules' reason. */
function changedDecisionReason(owner: string, decision: UnfundedStream['decision'], reason: string | null): string {
  const decided = { 'not eligible': 'you cannot get this', eligible: 'you can get this', 'more information needed': 'it needs more information' }[decision];
  return reason ? `${owner} looked at this again and decided ${decided}, because: ${reason}` : `${owner} looked at this again and decided ${decided}.`;
}

function sum(budgets: readonly BudgetRecord[], field: 'weeklyPence' | 'yearlyPence' | 'oneOffPence'): number {
  return budgets.reduce((total, budget) => total + budget[field], 0);
}

/** Builds what the person is told. Pure: the records in, the words and amounts out. */
export function budgetView(records: BudgetRecords): BudgetView {
  const streamOrder = new Map(records.streams.map((stream, index) => [stream.code, index]));
  const streamFor = (code: string) => records.streams.find((stream) => stream.code === code);
  const order = (code: string) => streamOrder.get(code) ?? Number.MAX_SAFE_INTEGER;
  const nameOf = (code: string) => streamFor(code)?.name ?? code;
  const ownerOf = (code: string) => streamFor(code)?.owner ?? 'the organisation that runs it';
  const ownerIdOf = (code: string) => streamFor(code)?.ownerId ?? null;
  const sharedWithOwner = (code: string) => {
    const ownerId = ownerIdOf(code);
    return ownerId === null || records.sharedWith.has(ownerId);
  };
  const sharingFor = (code: string): SharingNeeded | undefined => {
    const ownerId = ownerIdOf(code);
    if (ownerId === null || records.sharedWith.has(ownerId)) return undefined;
    const owner = ownerOf(code);
    return { organisationId: ownerId, text: `Share your record with ${owner}` };
  };

  const decisionFor = new Map(records.decisions.map((decision) => [decision.streamCode, decision]));
  const funded: FundedStream[] = [];
  const unfunded: UnfundedStream[] = [];
  const counted: BudgetRecord[] = [];

  for (const budget of [...records.current].sort((a, b) => order(a.streamCode) - order(b.streamCode) || a.streamCode.localeCompare(b.streamCode))) {
    const decision = decisionFor.get(budget.streamCode);
    // The owning agency may have looked again and changed the decision; its word stands over the worked-out one.
    if (decision?.confirmedDecision && decision.confirmedDecision !== 'eligible') continue;
    const name = nameOf(budget.streamCode);
    const changed = decision?.confirmedDecision === 'eligible' && decision.decision !== 'eligible';
    counted.push(budget);
    funded.push({
      code: budget.streamCode,
      name,
      owner: ownerOf(budget.streamCode),
      weeklyPence: budget.weeklyPence,
      yearlyPence: budget.yearlyPence,
      oneOffPence: budget.oneOffPence,
      weekly: formatPence(budget.weeklyPence),
      yearly: formatPence(budget.yearlyPence),
      oneOff: formatPence(budget.oneOffPence),
      ...(changed ? { decisionNote: changedDecisionReason(ownerOf(budget.streamCode), 'eligible', decision.confirmationReason) } : {}),
      ...(sharingFor(budget.streamCode) ? { sharing: sharingFor(budget.streamCode)! } : {}),
      ...(records.tolerances[budget.streamCode] !== undefined ? { tolerancePercent: records.tolerances[budget.streamCode] } : {}),
      table: explanationTable(name, budget),
    });
  }

  const fundedCodes = new Set(funded.map((stream) => stream.code));
  for (const decision of [...records.decisions].sort((a, b) => order(a.streamCode) - order(b.streamCode) || a.streamCode.localeCompare(b.streamCode))) {
    if (fundedCodes.has(decision.streamCode)) continue;
    const inForce = asDecision(decision.confirmedDecision ?? decision.decision);
    const owner = ownerOf(decision.streamCode);
    // A changed decision is explained by the organisation's reason alone: the rules' reasons argued the other way.
    const changed = decision.confirmedDecision !== null && decision.confirmedDecision !== decision.decision;
    const reasons = changed ? [changedDecisionReason(owner, inForce, decision.confirmationReason)] : reasonsOf(decision.reasons);
    const sharing = sharingFor(decision.streamCode);
    unfunded.push({
      code: decision.streamCode,
      name: nameOf(decision.streamCode),
      owner,
      decision: inForce,
      headline: headlines[inForce],
      reasons,
      whatToDo: whatToDo(inForce, owner, sharedWithOwner(decision.streamCode)),
      ...(sharing ? { sharing } : {}),
    });
  }

  // An earlier budget's amount applied only where its decision, as the owning organisation left it, was "eligible".
  const earlierDecision = new Map([...records.earlierDecisions, ...records.decisions].map((decision) => [`${decision.assessmentId} ${decision.streamCode}`, decision]));
  const groups = new Map<string, BudgetRecord[]>();
  for (const budget of records.earlier) groups.set(budget.assessmentId, [...(groups.get(budget.assessmentId) ?? []), budget]);
  const history = [...groups.values()]
    .map((budgets) => {
      const sorted = [...budgets].sort((a, b) => order(a.streamCode) - order(b.streamCode));
      const decisionOf = (budget: BudgetRecord) => earlierDecision.get(`${budget.assessmentId} ${budget.streamCode}`);
      const applied = sorted.filter((budget) => {
        const decision = decisionOf(budget);
        return !decision?.confirmedDecision || decision.confirmedDecision === 'eligible';
      });
      const notApplied = sorted
        .filter((budget) => !applied.includes(budget))
        .map((budget) => {
          const decision = decisionOf(budget)!;
          return `${nameOf(budget.streamCode)}: nothing applied. ${changedDecisionReason(ownerOf(budget.streamCode), asDecision(decision.confirmedDecision!), decision.confirmationReason)}`;
        });
      return {
        issuedAt: new Date(Math.min(...budgets.map((budget) => budget.issuedAt.getTime()))),
        supersededAt: budgets.some((budget) => budget.supersededAt) ? new Date(Math.max(...budgets.map((budget) => budget.supersededAt?.getTime() ?? 0))) : null,
        weekly: formatPence(sum(applied, 'weeklyPence')),
        yearly: formatPence(sum(applied, 'yearlyPence')),
        oneOff: formatPence(sum(applied, 'oneOffPence')),
        streams: applied.map((budget) => nameOf(budget.streamCode)),
        notApplied,
      };
    })
    .sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());

  const weeklyPence = sum(counted, 'weeklyPence');
  const yearlyPence = sum(counted, 'yearlyPence');
  const oneOffPence = sum(counted, 'oneOffPence');
  const issuedTimes = records.current.map((budget) => budget.issuedAt.getTime());
  return {
    issued: records.decisions.length > 0 || records.current.length > 0,
    ...(issuedTimes.length ? { issuedAt: new Date(Math.max(...issuedTimes)) } : {}),
    totals: { weeklyPence, yearlyPence, oneOffPence, weekly: formatPence(weeklyPence), yearly: formatPence(yearlyPence), oneOff: formatPence(oneOffPence) },
    funded,
    unfunded,
    illustrative: records.illustrativeConfigurations.size > 0,
    history,
  };
}

/** An explanation table in the shape GOV.UK's table macro takes. */
export function govukTableParams(table: ExplanationTable) {
  const cell = (text: string, index: number, bold = false) => ({
    text,
    ...(table.numeric[index] ? { format: 'numeric' } : {}),
    ...(bold ? { classes: 'govuk-!-font-weight-bold' } : {}),
  });
  return {
    caption: table.caption,
    captionClasses: 'govuk-table__caption--s',
    firstCellIsHeader: false,
    head: table.head.map((text, index) => cell(text, index)),
    rows: [...table.rows.map((row) => row.map((text, index) => cell(text, index))), table.total.map((text, index) => cell(text, index, true))],
  };
}
