// The options of `rtc area create`, beside the command they feed; its work (area-create.ts) is loaded only when it runs.
import type { Command } from 'commander';
import type { AreaCreateContext, AreaCreateOptions } from './area-create.ts';

/** Adds `rtc area create` to the program; rtc.ts calls this so the options live beside the command they feed. */
export function registerAreaCommands(program: Command, context: AreaCreateContext = {}): void {
  const area = program.command('area').description('Set up areas: the agencies that serve the same people');
  area
    .command('create')
    .description('Create an area with its lead council and partner agencies, and its six funding streams; prints their ids')
    .requiredOption('--region <name>', 'region the area is in; a region with this name is created if there is none')
    .requiredOption('--name <name>', 'name of the area, e.g. "Northshire"')
    .requiredOption('--lead-council <name>', 'the council responsible for adult social care, e.g. "Northshire County Council"')
    .requiredOption('--lead-council-kind <kind>', 'county_council or unitary_council')
    .option('--jobcentre-plus <name>', 'Jobcentre Plus office (owns Access to Work and Work Choice)')
    .option('--district-council <name>', 'district or borough council (owns Disabled Facilities Grants)')
    .option('--ilf-team <name>', 'Independent Living Fund team')
    .action(async (options: AreaCreateOptions) => (await import('./area-create.ts')).areaCreateCommand(options, context));
}
