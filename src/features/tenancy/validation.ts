// What the region, area and organisation forms (and `rtc area create`) accept, with the messages people see.
import { z } from 'zod';
import { isHttpsUrl, normaliseTextRelay, type OrganisationContacts } from '../../domain/organisation-contacts.ts';
import { normalisePhone } from '../../domain/people/contact.ts';
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

export const longestContactText = 500;

/** An optional answer, tidied; empty becomes null so a cleared field clears what was stored. */
function optionalContact(check: (value: string) => string | undefined, message: string, tidyValue: (value: string) => string = tidy) {
  return z
    .string({ error: message })
    .optional()
    .transform((value, context) => {
      const tidied = tidyValue(value ?? '');
      if (tidied === '') return null;
      const checked = check(tidied);
      if (checked === undefined) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return checked;
    });
}

const withinLength = (limit: number) => (value: string) => (value.length <= limit ? value : undefined);

/** Line breaks matter in a postal address: keep one per line, tidy each, drop empty ones. */
function tidyLines(value: string): string {
  return value
    .split(/\r?\n/)
    .map(tidy)
    .filter((line) => line !== '')
    .join('\n');
}

const emailFormat = z.email();

/** What an organisation gives so people can reach it and ask for a decision to be looked at again. All optional. */
export const contactsForm = z.object({
  contactPhone: optionalContact(normalisePhone, 'Enter a phone number, like 01632 960 000 or +44 1632 960 000'),
  contactEmail: optionalContact((value) => (emailFormat.safeParse(value).success && value.length <= 254 ? value : undefined), 'Enter an email address in the correct format, like help@example.org'),
  postalAddress: optionalContact(withinLength(longestContactText), `The address must be ${longestContactText} characters or fewer`, tidyLines),
  openingHours: optionalContact(withinLength(longestContactText), `The opening hours must be ${longestContactText} characters or fewer`),
  textRelay: optionalContact(normaliseTextRelay, 'Enter a text relay number: 18001 then the phone number, like 18001 then 01632 960 000'),
  bslVideoRelayUrl: optionalContact((value) => (isHttpsUrl(value) && value.length <= longestContactText ? value : undefined), 'Enter the BSL video relay link as a web address starting with https://'),
  reviewHow: optionalContact(withinLength(longestContactText), `How to ask for a decision to be looked at again must be ${longestContactText} characters or fewer`),
}) satisfies z.ZodType<OrganisationContacts>;
export const contactsFieldOrder = ['contactPhone', 'textRelay', 'bslVideoRelayUrl', 'contactEmail', 'postalAddress', 'openingHours', 'reviewHow'] as const;

export const newOrganisationForm = z.object({
  name: requiredName('Enter the name of the organisation', `The organisation name must be ${longestName} characters or fewer`),
  kind: z.enum(areaOrganisationKinds, { error: 'Select the kind of organisation' }),
  ...contactsForm.shape,
});
export const newOrganisationFieldOrder = ['name', 'kind', ...contactsFieldOrder] as const;

export const newRegionalOrganisationForm = newOrganisationForm.omit({ kind: true });
export const newRegionalOrganisationFieldOrder = ['name', ...contactsFieldOrder] as const;

/** The contact details out of a checked organisation form. */
export function contactsOf(value: OrganisationContacts): OrganisationContacts {
  return { contactPhone: value.contactPhone, contactEmail: value.contactEmail, postalAddress: value.postalAddress, openingHours: value.openingHours, textRelay: value.textRelay, bslVideoRelayUrl: value.bslVideoRelayUrl, reviewHow: value.reviewHow };
}

/** Turns the checked answers into what `createArea` needs; each optional organisation is made only if named. */
export function areaPlanFrom(value: z.infer<typeof newAreaForm> | z.infer<typeof areaCommandInput>, region: { id: string; illustrative: boolean }): AreaPlan {
  const partners: AreaPlan['partners'][number][] = [];
  if (value.jobcentrePlusName) partners.push({ name: value.jobcentrePlusName, kind: 'jobcentre_plus', field: 'jobcentrePlusName' });
  if (value.districtCouncilName) partners.push({ name: value.districtCouncilName, kind: 'district_council', field: 'districtCouncilName' });
  if (value.independentLivingFundName) partners.push({ name: value.independentLivingFundName, kind: 'national_agency', field: 'independentLivingFundName' });
  return { regionId: region.id, name: value.name, illustrative: region.illustrative, leadCouncil: { name: value.leadCouncilName, kind: value.leadCouncilKind }, partners };
}
