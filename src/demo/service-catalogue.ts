// An illustrative service catalogue for each demo area: made-up prices of the kind councils publish, so the calculator,
// the catalogue pages and plans have something to price. Every description says the prices are illustrative.
import type { CatalogueEntry } from '../domain/service-catalogue/catalogue-csv.ts';

const note = 'Illustrative price for the demo, not a real rate.';

/**
 * The demo catalogue for an area, priced from `since` (YYYY-MM-DD). `homeCareProvider` is the name of the area's home
 * care provider, so home care is linked to it. Home care also has an older price, so its history shows.
 */
export function illustrativeCatalogue(since: string, homeCareProvider: string): CatalogueEntry[] {
  const year = Number(since.slice(0, 4));
  const aYearBefore = `${year - 1}${since.slice(4)}`;
  const dayBefore = new Date(Date.parse(`${since}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const entry = (name: string, unit: CatalogueEntry['unit'], pence: number, streamCodes: string[], description: string, provider = ''): CatalogueEntry => ({
    name,
    description: `${description} ${note}`,
    unit,
    streamCodes: [...streamCodes].sort(),
    provider,
    directoryEntryId: '',
    retiredOn: null,
    costs: [{ unitCostPence: pence, effectiveFrom: since, effectiveTo: null }],
  });
  const homeCare = entry('Home care', 'hour', 2450, ['adult-social-care', 'independent-living-fund'], 'Help at home with washing, dressing, meals and getting about.', homeCareProvider);
  homeCare.costs.unshift({ unitCostPence: 2300, effectiveFrom: aYearBefore, effectiveTo: dayBefore });
  return [
    homeCare,
    entry('Day service', 'day', 6000, ['adult-social-care'], 'A day at a centre with activities, meals and company.'),
    entry('Overnight support', 'night', 9500, ['adult-social-care', 'supporting-people'], 'Someone in the home overnight, awake or on call.'),
    entry('Personal assistant', 'hour', 1450, ['adult-social-care', 'independent-living-fund'], 'A personal assistant the person employs and chooses.'),
    entry('Support worker at work', 'hour', 1800, ['access-to-work'], 'Support at work, such as a job coach or reader.'),
    entry('Travel to work', 'mile', 45, ['access-to-work'], 'Mileage for getting to and from work, when public transport cannot be used.'),
    entry('Bathing equipment', 'one-off', 45_000, ['disabled-facilities-grant'], 'A bath lift or shower seat, bought once.'),
  ];
}
