// The charging figures an online estimate uses on a day. A charge needs the figures in force, and charging refuses
// without them; an estimate, which says it is one, is still worth giving from the latest year set up, with a warning
// that this year's figures may differ. Local options come from the seeded illustrative set until areas keep their own.
import {
  type ChargingFigures,
  ChargingFiguresError,
  type ChargingLocalOptions,
  chargingFiguresInForce,
  defaultChargingFigures,
  illustrativeLocalOptions,
  localOptionsInForce,
} from '../../domain/charging/charging-figures.ts';

export interface EstimateFigures {
  figures: ChargingFigures;
  local: ChargingLocalOptions;
  /** The figures are from an earlier year, because none are set up for `day`: the page says so. */
  outOfDate: boolean;
}

/** The figures for an estimate on `day`, or undefined when none have started by then (nothing to estimate from). */
export function estimateFigures(day: string, national: readonly ChargingFigures[] = defaultChargingFigures, options: readonly ChargingLocalOptions[] = [illustrativeLocalOptions]): EstimateFigures | undefined {
  let local: ChargingLocalOptions;
  try {
    local = localOptionsInForce(options, day);
  } catch (error) {
    if (error instanceof ChargingFiguresError) return undefined;
    throw error;
  }
  try {
    return { figures: chargingFiguresInForce(national, day), local, outOfDate: false };
  } catch (error) {
    if (!(error instanceof ChargingFiguresError)) throw error;
    // Two sets covering the day is a mistake in the data: no estimate rather than a guess between them.
    if (national.some((set) => set.validFrom <= day && (set.validTo === null || day <= set.validTo))) return undefined;
    const earlier = national.filter((set) => set.validTo !== null && set.validTo < day).sort((a, b) => (a.validTo! < b.validTo! ? 1 : -1));
    return earlier[0] ? { figures: earlier[0], local, outOfDate: true } : undefined;
  }
}
