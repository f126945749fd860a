// `rtc area create`: sets up an area from the command line (its region too, if new), with its lead council, partner
// agencies and six funding streams, and prints the ids that `rtc user create` and `rtc token create` need.
import type { DatabaseHandle } from '../db/database.ts';
import { organisationKindNames } from '../domain/roles.ts';
import { auditWriter, commandActor } from '../records/audit.ts';
import { systemClock } from '../platform/clock.ts';
import { createArea, createRegion, findRegionByName, kindInASentence, tenancyChange } from '../records/tenancy.ts';
import { areaCommandInput, areaPlanFrom } from '../features/tenancy/validation.ts';
import { openConfiguredDatabase } from './shared.ts';

// The command's options live in area-command.ts, which the program loads without this module.
export { registerAreaCommands } from './area-command.ts';

export interface AreaCreateOptions {
  region: string;
  name: string;
  leadCouncil: string;
  leadCouncilKind: string;
  jobcentrePlus?: string;
  districtCouncil?: string;
  ilfTeam?: string;
}

export interface AreaCreateOutput {
  line(text: string): void;
  problem(text: string): void;
}

const consoleOutput: AreaCreateOutput = { line: (text) => console.log(text), problem: (text) => console.error(text) };

// The command line's option for each checked field, so a problem names the option to fix.
const optionFor: Record<string, string> = {
  regionName: '--region',
  name: '--name',
  leadCouncilName: '--lead-council',
  leadCouncilKind: '--lead-council-kind',
  jobcentrePlusName: '--jobcentre-plus',
  districtCouncilName: '--district-council',
  independentLivingFundName: '--ilf-team',
};

/** Tests pass their own database and output; from the command line both come from the environment. */
export interface AreaCreateContext {
  database?: DatabaseHandle;
  output?: AreaCreateOutput;
}

export async function areaCreateCommand(options: AreaCreateOptions, context: AreaCreateContext = {}): Promise<void> {
  const output = context.output ?? consoleOutput;
  const input = areaCommandInput.safeParse({
    regionName: options.region,
    name: options.name,
    leadCouncilName: options.leadCouncil,
    leadCouncilKind: options.leadCouncilKind,
    jobcentrePlusName: options.jobcentrePlus,
    districtCouncilName: options.districtCouncil,
    independentLivingFundName: options.ilfTeam,
  });
  if (!input.success) {
    for (const issue of input.error.issues) {
      const field = String(issue.path[0] ?? '');
      const message = field === 'leadCouncilKind' ? 'Give --lead-council-kind as county_council or unitary_council' : issue.message;
      output.problem(`${optionFor[field] ?? field}: ${message}.`);
    }
    process.exitCode = 1;
    return;
  }
  const value = input.data;
  let database = context.database;
  if (!database) {
    database = (await openConfiguredDatabase()).database;
    await database.migrate();
  }
  const audit = auditWriter(commandActor('rtc area create'), systemClock);
  try {
    const result = await tenancyChange(database.db, async (tx) => {
      const existing = await findRegionByName(tx, value.regionName);
      const region = existing ?? { ...(await createRegion(tx, { name: value.regionName }, audit, 'regionName')), illustrative: false };
      const area = await createArea(tx, areaPlanFrom(value, region), { now: systemClock.now(), audit });
      return { region, regionCreated: !existing, area };
    });
    if (!result.ok) {
      output.problem(`Not created (${optionFor[result.field] ?? result.field}): ${result.message}.`);
      process.exitCode = 1;
      return;
    }
    const { region, regionCreated, area } = result.value;
    output.line(`Region ${regionCreated ? 'created' : 'already there'}: ${region.name}  ${region.id}`);
    if (region.illustrative) output.line('  This is the illustrative demo region: the area will be removed when the demo is reset.');
    output.line(`Area created: ${area.name}  ${area.areaId}`);
    output.line('Organisations:');
    for (const organisation of area.organisations) output.line(`  ${organisation.id}  ${organisation.name} (${organisationKindNames[organisation.kind]})`);
    output.line('Funding streams:');
    for (const stream of area.streams) {
      const note = stream.missingKind ? ` (no ${kindInASentence[stream.missingKind]} was named, so the lead council owns it)` : '';
      output.line(`  ${stream.name}: owned by ${stream.ownerName}${note}`);
    }
  } finally {
    if (!context.database) await database.close();
  }
}
