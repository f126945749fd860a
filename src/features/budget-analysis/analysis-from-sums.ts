// The analysis built from sums the database added up (records/plan-analysis.ts) rather than from every row: the same
// groups in the same order, the same rounding (once, halves up) and the same small-number and secondary suppression
// as domain/support-plan/actual-vs-indicative.ts. A test runs both over the same rows and expects the same answer.
import { ageBands } from '../../domain/age-bands.ts';
import { divideRoundHalfUp } from '../../domain/budget/money.ts';
import { suppressSmall } from '../../domain/suppression.ts';
import type { Analysis, AnalysisOptions, Breakdown, GroupFigures } from '../../domain/support-plan/actual-vs-indicative.ts';
import type { GroupSums } from '../../records/plan-analysis.ts';

const none: Omit<GroupSums, 'breakdown' | 'key'> = { people: 0, totalDifferencePence: 0, below: 0, equal: 0, above: 0, medianDifferencePence: 0 };

function figures(breakdown: Breakdown, key: string, label: string, sums: Omit<GroupSums, 'breakdown' | 'key'>, threshold: number): GroupFigures {
  const n = sums.people;
  const count = suppressSmall(n, threshold);
  const shown = !count.suppressed && n > 0;
  const anySmall = [sums.below, sums.equal, sums.above].some((part) => suppressSmall(part, threshold).suppressed);
  const share = (part: number) => (shown && !anySmall ? divideRoundHalfUp(part * 1000, n) : null);
  return {
    breakdown,
    key,
    label,
    count,
    suppression: count.suppressed ? 'small' : 'none',
    meanDifferencePence: shown ? divideRoundHalfUp(sums.totalDifferencePence, n) : null,
    medianDifferencePence: shown ? sums.medianDifferencePence : null,
    belowTenths: share(sums.below),
    equalTenths: share(sums.equal),
    aboveTenths: share(sums.above),
  };
}

/** When exactly one group of a breakdown is small, the next smallest group with anyone in it is hidden as well. */
function secondarySuppression(groups: GroupFigures[], sizes: ReadonlyMap<GroupFigures, number>, threshold: number): GroupFigures[] {
  if (groups.filter((group) => group.suppression === 'small').length !== 1) return groups;
  const next = groups.filter((group) => group.suppression === 'none' && sizes.get(group)! > 0).sort((a, b) => sizes.get(a)! - sizes.get(b)! || a.label.localeCompare(b.label))[0];
  if (!next) return groups;
  return groups.map((group) =>
    group === next ? { ...group, count: { suppressed: true, threshold }, suppression: 'secondary', meanDifferencePence: null, medianDifferencePence: null, belowTenths: null, equalTenths: null, aboveTenths: null } : group,
  );
}

export function analysisFromSums(sums: readonly GroupSums[], options: AnalysisOptions): Analysis {
  const { threshold } = options;
  const of = (breakdown: GroupSums['breakdown']) => new Map(sums.filter((row) => row.breakdown === breakdown).map((row) => [row.key, row]));
  const breakdown = (kind: Exclude<Breakdown, 'all'>, keys: readonly string[], labelOf: (key: string) => string) => {
    const found = of(kind);
    const sizes = new Map<GroupFigures, number>();
    const groups = keys.map((key) => {
      const group = figures(kind, key, labelOf(key), found.get(key) ?? none, threshold);
      sizes.set(group, found.get(key)?.people ?? 0);
      return group;
    });
    return secondarySuppression(groups, sizes, threshold);
  };
  const bands = [...(of('age band').has('under 18') ? ['under 18'] : []), ...ageBands];
  return {
    threshold,
    groups: [
      figures('all', 'all', 'Everyone', of('all').get('all') ?? none, threshold),
      ...breakdown('age band', bands, (band) => `Aged ${band}`),
      ...breakdown('stream', [...of('stream').keys()].sort(), (code) => options.streamNames?.[code] ?? code),
      ...breakdown('team', [...of('team').keys()].sort(), (team) => team),
    ],
  };
}
