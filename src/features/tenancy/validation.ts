// What the region, area and organisation forms (and `rtc area create`) accept, with the messages people see.
import { z } from 'zod';
import { type AreaPlan, areaOrganisationKinds, leadCouncilKinds } from '../../records/tenancy.ts';

export const longestName = 200;

/**
 * Spaces at the ends or doubled inside are typing slips; left in, they would make look-alike names. Control
 * characters are invisible, and PostgreSQL refuses the null character outright, so they go too.
 */
function tidy(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

function requiredName(missing: string, tooLong: string) {
  return z
    .string({ error: missing })
    .transform(tidy)
    .pipe(z.string().min(1, missing).max(longestName, tooLong));
}

function optionalName(tooLong: string) {
  return z
    .string({ error: tooLong })
    .optional()
    .transform((value) => tidy(value ?? ''))
    .pipe(z.string().max(longestName, tooLong))
    .transform((value) => value || undefined);
}

export const newRegionForm = z.object({
  name: requiredName('Enter the name of the region', `The region name must be ${longestName} characters or fewer`),
});
export const newRegionFieldOrder = ['name'] as const;

const areaFields = {
  name: requiredName('Enter the name of the area', `The area name must be ${longestName} characters or fewer`),
  leadCouncilName: requiredName('Enter the name of the lead council', `The lead council’s name must be ${longestName} characters or fewer`),
  leadCouncilKind: z.enum(leadCouncilKinds, { error: 'Select whether the lead council is a county council or a unitary council' }),
  jobcentrePlusName: optionalName(`The Jobcentre Plus office’s name must be ${longestName} characters or fewer`),
  districtCouncilName: optionalName(`The district or borough council’s name must be ${longestName} characters or fewer`),
  independentLivingFundName: optionalName(`The Independent Living Fund team’s name must be ${longestName} characters or fewer`),
};

export const newAreaForm = z.object({ regionId: z.uuid({ error: 'Select the region the area is in' }), ...areaFields });
export const newAreaFieldOrder = ['regionId', 'name', 'leadCouncilName', 'leadCouncilKind', 'jobcentrePlusName', 'districtCouncilName', 'independentLivingFundName'] as const;

/** The command line names the region rather than choosing it from a list; a new name makes a new region. */
export const areaCommandInput = z.object({ regionName: requiredName('Give the region name with --region', `The region name must be ${longestName} characters or fewer`), ...areaFields });

export const newOrganisationForm = z.object({
  name: requiredName('Enter the name of the organisation', `The organisation name must be ${longestName} characters or fewer`),
  kind: z.enum(areaOrganisationKinds, { error: 'Select the kind of organisation' }),
});
export const newOrganisationFieldOrder = ['name', 'kind'] as const;

export const newRegionalOrganisationForm = newOrganisationForm.pick({ name: true });

/** Turns the checked answers into what `createArea` needs; each optional organisation is made only if named. */
export function areaPlanFrom(value: z.infer<typeof newAreaForm> | z.infer<typeof areaCommandInput>, region: { id: string; illustrative: boolean }): AreaPlan {
  const partners: AreaPlan['partners'][number][] = [];
  if (value.jobcentrePlusName) partners.push({ name: value.jobcentrePlusName, kind: 'jobcentre_plus', field: 'jobcentrePlusName' });
  if (value.districtCouncilName) partners.push({ name: value.districtCouncilName, kind: 'district_council', field: 'districtCouncilName' });
  if (value.independentLivingFundName) partners.push({ name: value.independentLivingFundName, kind: 'national_agency', field: 'independentLivingFundName' });
  return { regionId: region.id, name: value.name, illustrative: region.illustrative, leadCouncil: { name: value.leadCouncilName, kind: value.leadCouncilKind }, partners };
}
