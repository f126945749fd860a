// System administrators set up regions, areas (with their six funding streams) and organisations, in the browser
// and with `rtc area create`; nobody else can, and every refusal is audited.
import { Command } from 'commander';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAreaCommands } from '../../cli/area-create.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { areas, auditLog, fundingStreams, organisations, regions, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { rtc, scratchDatabase } from '../../../test/support/cli.ts';
import { organisationOf, password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let demo: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  ({ app, database } = await testApp());
  demo = await seedDemo(database);
});
afterAll(() => app.close());

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  await browser.signIn(email, password);
  await browser.get('/');
  return browser;
}

async function regionNamed(name: string) {
  const [region] = await database.db.select().from(regions).where(eq(regions.name, name));
  return region;
}

async function areasNamed(name: string) {
  return database.db.select().from(areas).where(sql`lower(${areas.name}) = lower(${name})`);
}

/** Each stream's code with the name and kind of the organisation that owns it. */
async function streamOwners(areaId: string) {
  const rows = await database.db
    .select({ code: fundingStreams.code, owner: organisations.name, kind: organisations.kind, ownerAreaId: organisations.areaId })
    .from(fundingStreams)
    .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(eq(fundingStreams.areaId, areaId));
  expect(rows.every((row) => row.ownerAreaId === areaId)).toBe(true);
  return Object.fromEntries(rows.map((row) => [row.code, row.owner]));
}

async function userId(email: string) {
  const [user] = await database.db.select().from(users).where(eq(users.email, email));
  return user!.id;
}

const areaForm = (regionId: string, name: string, extra: Record<string, string> = {}) => ({
  regionId,
  name,
  leadCouncilName: `${name} County Council`,
  leadCouncilKind: 'county_council',
  jobcentrePlusName: '',
  districtCouncilName: '',
  independentLivingFundName: '',
  ...extra,
});

describe('setting up a region, an area and its organisations', () => {
  it('lets a system administrator add a region, then an area with six streams, then organisations', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    const sysadminId = await userId('sysadmin@platform.example');

    const overview = await admin.get('/admin/areas');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Demo region (illustrative)');
    expect(overview.body).toContain('Northshire County Council');
    expect(overview.body).toContain('Jobcentre Plus office');

    expect((await admin.get('/admin/regions/new')).statusCode).toBe(200);
    const regionMade = await admin.post('/admin/regions/new', { name: '  North   West ' });
    expect(regionMade.statusCode).toBe(303);
    expect(regionMade.headers.location).toBe('/admin/areas?added=region');
    const region = await regionNamed('North West');
    expect(region).toMatchObject({ illustrative: false });
    const [regionAudit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'region.create'), eq(auditLog.subjectId, region!.id)));
    expect(regionAudit).toMatchObject({ actorId: sysadminId, outcome: 'succeeded' });
    expect((await admin.get('/admin/areas?added=region')).body).toContain('The region was added');

    const form = await admin.get(`/admin/areas/new?regionId=${region!.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(new RegExp(`value="${region!.id}" selected`));
    const areaMade = await admin.post('/admin/areas/new', areaForm(region!.id, 'Lancaster', { jobcentrePlusName: 'Lancaster Jobcentre Plus' }));
    expect(areaMade.statusCode).toBe(303);
    const [area] = await areasNamed('Lancaster');
    expect(areaMade.headers.location).toBe(`/admin/areas/${area!.id}?created=1`);
    expect(area).toMatchObject({ regionId: region!.id, illustrative: false });

    const made = await database.db.select().from(organisations).where(eq(organisations.areaId, area!.id));
    expect(made.map((o) => [o.name, o.kind]).sort()).toEqual([
      ['Lancaster County Council', 'county_council'],
      ['Lancaster Jobcentre Plus', 'jobcentre_plus'],
    ]);
    expect(made.every((o) => o.regionId === region!.id)).toBe(true);
    expect(await streamOwners(area!.id)).toEqual({
      'adult-social-care': 'Lancaster County Council',
      'supporting-people': 'Lancaster County Council',
      'access-to-work': 'Lancaster Jobcentre Plus',
      'work-choice': 'Lancaster Jobcentre Plus',
      // No district council or ILF team was named, so the lead council stands in.
      'disabled-facilities-grant': 'Lancaster County Council',
      'independent-living-fund': 'Lancaster County Council',
    });
    const areaAudits = await database.db.select().from(auditLog).where(and(eq(auditLog.areaId, area!.id), eq(auditLog.actorId, sysadminId)));
    expect(areaAudits.map((entry) => entry.action).sort()).toEqual(['area.create', 'organisation.create', 'organisation.create']);

    const confirmation = await admin.get(areaMade.headers.location as string);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Area set up');
    for (const stream of ['Adult Social Care', 'Independent Living Fund', 'Access to Work', 'Work Choice', 'Disabled Facilities Grant', 'Supporting People']) expect(confirmation.body).toContain(stream);
    expect(confirmation.body).toContain('The lead council owns this stream because the area had no district or borough council when it was set up.');
    expect(confirmation.body).toContain('the area had no Independent Living Fund team');
    expect(confirmation.body).not.toContain('the area had no Jobcentre Plus office');

    const organisationForm = await admin.get(`/admin/areas/${area!.id}/organisations/new`);
    expect(organisationForm.statusCode).toBe(200);
    expect(organisationForm.body).not.toContain('value="regional_coordinator"');
    const added = await admin.post(`/admin/areas/${area!.id}/organisations/new`, { name: 'Lancaster Disabled People’s Network', kind: 'user_led_organisation' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/admin/areas/${area!.id}?added=organisation`);
    const [network] = await database.db.select().from(organisations).where(eq(organisations.name, 'Lancaster Disabled People’s Network'));
    expect(network).toMatchObject({ areaId: area!.id, regionId: region!.id, kind: 'user_led_organisation' });
    const [networkAudit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'organisation.create'), eq(auditLog.subjectId, network!.id)));
    expect(networkAudit).toMatchObject({ actorId: sysadminId, areaId: area!.id });

    expect((await admin.get(`/admin/regions/${region!.id}/organisations/new`)).statusCode).toBe(200);
    const coordinator = await admin.post(`/admin/regions/${region!.id}/organisations/new`, { name: 'North West Personalisation Network', kind: 'provider' });
    expect(coordinator.statusCode).toBe(303);
    const [regional] = await database.db.select().from(organisations).where(eq(organisations.name, 'North West Personalisation Network'));
    // The kind is fixed on this page, whatever the form sends.
    expect(regional).toMatchObject({ areaId: null, regionId: region!.id, kind: 'regional_coordinator' });

    const after = await admin.get('/admin/areas');
    for (const text of ['North West', 'Lancaster', 'Lancaster Disabled People’s Network', 'User-led organisation', 'North West Personalisation Network', 'Regional coordinator']) {
      expect(after.body).toContain(text);
    }
  });

  it('gives a unitary council the county’s streams without calling it a stand-in, and partners their own', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    await admin.post('/admin/regions/new', { name: 'South Coast' });
    const region = await regionNamed('South Coast');
    const response = await admin.post(
      '/admin/areas/new',
      areaForm(region!.id, 'Brightwater', { leadCouncilName: 'Brightwater City Council', leadCouncilKind: 'unitary_council', jobcentrePlusName: 'Brightwater Jobcentre Plus', districtCouncilName: 'Brightwater Housing Partnership', independentLivingFundName: 'ILF South team' }),
    );
    expect(response.statusCode).toBe(303);
    const [area] = await areasNamed('Brightwater');
    expect(await streamOwners(area!.id)).toEqual({
      'adult-social-care': 'Brightwater City Council',
      'supporting-people': 'Brightwater City Council',
      'access-to-work': 'Brightwater Jobcentre Plus',
      'work-choice': 'Brightwater Jobcentre Plus',
      'disabled-facilities-grant': 'Brightwater Housing Partnership',
      'independent-living-fund': 'ILF South team',
    });
    const page = await admin.get(`/admin/areas/${area!.id}`);
    expect(page.body).not.toContain('The lead council owns this stream');
    expect(page.body).toContain('Unitary council');
  });

  it('puts an area added to the demo region in the demo, so a reset removes it', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    await admin.get('/admin/areas/new');
    const response = await admin.post('/admin/areas/new', areaForm(demo.regionId, 'Lakeside'));
    expect(response.statusCode).toBe(303);
    const [area] = await areasNamed('Lakeside');
    expect(area).toMatchObject({ regionId: demo.regionId, illustrative: true });
    expect((await admin.get(`/admin/areas/${area!.id}`)).body).toContain('It will be removed when the demo is reset');
  });
});

describe('problems with what was sent', () => {
  it('shows every problem at once, with status 400, and keeps the answers', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    await admin.get('/admin/regions/new');
    const noName = await admin.post('/admin/regions/new', { name: '   ' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('Enter the name of the region');
    expect(noName.body).toContain('<title>Error:');
    expect(noName.body).toContain('href="#name"');
    const invisible = await admin.post('/admin/regions/new', { name: '\u0000\u0007' });
    expect(invisible.statusCode).toBe(400);
    expect(invisible.body).toContain('Enter the name of the region');
    const tooLong = await admin.post('/admin/regions/new', { name: 'R'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('The region name must be 200 characters or fewer');
    expect(tooLong.body).toContain(`value="${'R'.repeat(201)}"`);

    const area = await admin.post('/admin/areas/new', { regionId: 'not-an-id', name: '', leadCouncilName: '', leadCouncilKind: 'parish_council', jobcentrePlusName: 'Kept Jobcentre', districtCouncilName: 'D'.repeat(201), independentLivingFundName: '' });
    expect(area.statusCode).toBe(400);
    for (const message of [
      'Select the region the area is in',
      'Enter the name of the area',
      'Enter the name of the lead council',
      'Select whether the lead council is a county council or a unitary council',
      'The district or borough council’s name must be 200 characters or fewer',
    ]) {
      expect(area.body).toContain(message);
    }
    for (const field of ['regionId', 'name', 'leadCouncilName', 'leadCouncilKind', 'districtCouncilName']) expect(area.body).toContain(`href="#${field}"`);
    expect(area.body).toContain('value="Kept Jobcentre"');
    expect(area.body).toContain(`value="${'D'.repeat(201)}"`);

    const unknownRegion = await admin.post('/admin/areas/new', areaForm('00000000-0000-4000-8000-000000000000', 'Nowhere', { jobcentrePlusName: 'Nowhere Jobcentre' }));
    expect(unknownRegion.statusCode).toBe(400);
    expect(unknownRegion.body).toContain('Select the region the area is in');
    expect(unknownRegion.body).toContain('value="Nowhere Jobcentre"');
    expect(await areasNamed('Nowhere')).toEqual([]);

    const organisation = await admin.post(`/admin/areas/${demo.areaIds[0]}/organisations/new`, { name: '', kind: 'regional_coordinator' });
    expect(organisation.statusCode).toBe(400);
    expect(organisation.body).toContain('Enter the name of the organisation');
    expect(organisation.body).toContain('Select the kind of organisation');
    const regional = await admin.post(`/admin/regions/${demo.regionId}/organisations/new`, { name: 'N'.repeat(201) });
    expect(regional.statusCode).toBe(400);
    expect(regional.body).toContain('The organisation name must be 200 characters or fewer');
  });

  it('refuses names already in use, next to the field, whatever their capitals', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    await admin.post('/admin/regions/new', { name: 'East Midlands' });
    const region = await regionNamed('East Midlands');
    const again = await admin.post('/admin/regions/new', { name: 'east  MIDLANDS' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a region called ‘east MIDLANDS’');
    expect(again.body).toContain('value="east  MIDLANDS"');

    expect((await admin.post('/admin/areas/new', areaForm(region!.id, 'Trentside'))).statusCode).toBe(303);
    const sameArea = await admin.post('/admin/areas/new', areaForm(region!.id, 'TRENTSIDE', { leadCouncilName: 'Another Council' }));
    expect(sameArea.statusCode).toBe(400);
    expect(sameArea.body).toContain('There is already an area called ‘TRENTSIDE’ in this region');
    expect(sameArea.body).toContain('href="#name"');
    expect(await areasNamed('Trentside')).toHaveLength(1);
    expect(await database.db.select().from(organisations).where(eq(organisations.name, 'Another Council'))).toEqual([]);

    // Two agencies in the same area cannot share a name; nothing is saved, not even the area.
    const twins = await admin.post('/admin/areas/new', areaForm(region!.id, 'Peakdale', { leadCouncilName: 'Peakdale Council', jobcentrePlusName: 'peakdale council' }));
    expect(twins.statusCode).toBe(400);
    expect(twins.body).toContain('href="#jobcentrePlusName"');
    expect(twins.body).toContain('you have already given ‘Peakdale Council’ as the name of the county council');
    expect(await areasNamed('Peakdale')).toEqual([]);

    const [trentside] = await areasNamed('Trentside');
    const duplicateOrganisation = await admin.post(`/admin/areas/${trentside!.id}/organisations/new`, { name: 'trentside county council', kind: 'provider' });
    expect(duplicateOrganisation.statusCode).toBe(400);
    expect(duplicateOrganisation.body).toContain('There is already an organisation called ‘trentside county council’ in this area');
    expect(duplicateOrganisation.body).toContain('value="provider" checked');
    // The same name is fine in a different area.
    expect((await admin.post(`/admin/areas/${demo.areaIds[0]}/organisations/new`, { name: 'Trentside County Council', kind: 'provider' })).statusCode).toBe(303);

    expect((await admin.post(`/admin/regions/${region!.id}/organisations/new`, { name: 'Midlands Network' })).statusCode).toBe(303);
    const duplicateRegional = await admin.post(`/admin/regions/${region!.id}/organisations/new`, { name: 'MIDLANDS NETWORK' });
    expect(duplicateRegional.statusCode).toBe(400);
    expect(duplicateRegional.body).toContain('There is already a regional organisation called ‘MIDLANDS NETWORK’ in this region');
  });

  it('makes one area when the same form is sent twice at once', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    await admin.post('/admin/regions/new', { name: 'Double Region' });
    const region = await regionNamed('Double Region');
    const form = areaForm(region!.id, 'Twice', { jobcentrePlusName: 'Twice Jobcentre Plus' });
    const responses = await Promise.all([admin.post('/admin/areas/new', form), admin.post('/admin/areas/new', form)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([303, 400]);
    const made = await areasNamed('Twice');
    expect(made).toHaveLength(1);
    expect(await database.db.select().from(organisations).where(eq(organisations.name, 'Twice Jobcentre Plus'))).toHaveLength(1);
    expect(await database.db.select().from(fundingStreams).where(eq(fundingStreams.areaId, made[0]!.id))).toHaveLength(6);
    const regionTwice = await Promise.all([admin.post('/admin/regions/new', { name: 'Raced Region' }), admin.post('/admin/regions/new', { name: 'Raced Region' })]);
    expect(regionTwice.map((response) => response.statusCode).sort()).toEqual([303, 400]);
  });

  it('answers 404 for malformed and unknown ids', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const url of ['/admin/areas/not-a-uuid', `/admin/areas/${unknown}`, '/admin/areas/not-a-uuid/organisations/new', `/admin/areas/${unknown}/organisations/new`, '/admin/regions/%00/organisations/new', `/admin/regions/${unknown}/organisations/new`]) {
      const response = await admin.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('Page not found');
    }
    for (const url of ['/admin/areas/junk/organisations/new', `/admin/areas/${unknown}/organisations/new`, '/admin/regions/junk/organisations/new', `/admin/regions/${unknown}/organisations/new`]) {
      expect((await admin.post(url, { name: 'Anything', kind: 'provider' })).statusCode, url).toBe(404);
    }
    expect(await database.db.select().from(organisations).where(eq(organisations.name, 'Anything'))).toEqual([]);
  });
});

describe('who may set up tenancy', () => {
  it('refuses area administrators and practitioners with 403, changes nothing and audits each refusal', async () => {
    const [northshire] = await database.db.select().from(areas).where(eq(areas.id, demo.areaIds[0]!));
    for (const email of ['admin@northshire.example', 'practitioner@northshire.example']) {
      const browser = await signedIn(email);
      const id = await userId(email);
      const pages = ['/admin/areas', '/admin/regions/new', '/admin/areas/new', `/admin/areas/${northshire!.id}`, `/admin/areas/${northshire!.id}/organisations/new`, `/admin/regions/${demo.regionId}/organisations/new`];
      for (const url of pages) expect((await browser.get(url)).statusCode, `${email} GET ${url}`).toBe(403);
      const posts: [string, Record<string, string>][] = [
        ['/admin/regions/new', { name: `Refused region ${email}` }],
        ['/admin/areas/new', areaForm(demo.regionId, `Refused area ${email}`)],
        [`/admin/areas/${northshire!.id}/organisations/new`, { name: `Refused organisation ${email}`, kind: 'provider' }],
        [`/admin/regions/${demo.regionId}/organisations/new`, { name: `Refused coordinator ${email}` }],
      ];
      for (const [url, form] of posts) expect((await browser.post(url, form)).statusCode, `${email} POST ${url}`).toBe(403);
      expect(await database.db.select().from(regions).where(eq(regions.name, `Refused region ${email}`))).toEqual([]);
      expect(await areasNamed(`Refused area ${email}`)).toEqual([]);
      const refused = await database.db.select().from(organisations).where(inArray(organisations.name, [`Refused organisation ${email}`, `Refused coordinator ${email}`]));
      expect(refused).toEqual([]);

      const denied = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'system.administer'), eq(auditLog.outcome, 'denied')));
      const seen = new Set(denied.map((entry) => `${entry.method} ${entry.route}`));
      for (const route of ['/admin/areas', '/admin/regions/new', '/admin/areas/new', '/admin/areas/:areaId', '/admin/areas/:areaId/organisations/new', '/admin/regions/:regionId/organisations/new']) {
        expect(seen.has(`GET ${route}`), `${email} GET ${route} audited`).toBe(true);
      }
      for (const route of ['/admin/regions/new', '/admin/areas/new', '/admin/areas/:areaId/organisations/new', '/admin/regions/:regionId/organisations/new']) {
        expect(seen.has(`POST ${route}`), `${email} POST ${route} audited`).toBe(true);
      }
    }
  });

  it('sends people who are not signed in to sign in', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/areas' });
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^\/sign-in/);
  });
});

describe('rtc area create', () => {
  it('creates an area, and its region if new, in a scratch database, and refuses a second with the same name', async () => {
    const scratch = await scratchDatabase('area');
    try {
      const migrated = await rtc(['migrate'], scratch.env);
      expect(migrated.code, migrated.stderr).toBe(0);
      const lines: string[] = [];
      const problems: string[] = [];
      const run = async (args: string[]) => {
        const handle = await scratch.open();
        const program = new Command('rtc').exitOverride();
        registerAreaCommands(program, { database: handle, output: { line: (text) => lines.push(text), problem: (text) => problems.push(text) } });
        const previousExitCode = process.exitCode;
        try {
          await program.parseAsync(['area', 'create', ...args], { from: 'user' });
          return process.exitCode;
        } finally {
          process.exitCode = previousExitCode;
          await handle.close();
        }
      };
      const required = ['--region', 'North West', '--lead-council-kind', 'unitary_council'];

      expect(await run([...required, '--name', 'Cumbria', '--lead-council', 'Cumbria Council', '--ilf-team', 'ILF North West team'])).toBeFalsy();
      expect(problems).toEqual([]);
      const output = lines.join('\n');
      expect(output).toMatch(/Region created: North West {2}[0-9a-f-]{36}/);
      const areaId = /Area created: Cumbria {2}([0-9a-f-]{36})/.exec(output)?.[1];
      expect(areaId).toBeDefined();
      expect(output).toContain('Access to Work: owned by Cumbria Council (no Jobcentre Plus office was named, so the lead council owns it)');
      expect(output).toContain('Independent Living Fund: owned by ILF North West team\n');
      expect(output).toContain('Adult Social Care: owned by Cumbria Council\n');

      lines.length = 0;
      expect(await run([...required, '--name', 'Lancashire', '--lead-council', 'Lancashire Council', '--region', 'north west'])).toBeFalsy();
      expect(lines.join('\n')).toMatch(/Region already there: North West/);

      expect(await run([...required, '--name', 'CUMBRIA', '--lead-council', 'Other Council'])).toBe(1);
      expect(problems.join('\n')).toContain('There is already an area called ‘CUMBRIA’ in this region');
      problems.length = 0;
      expect(await run(['--region', 'North West', '--name', 'Furness', '--lead-council', 'Furness Council', '--lead-council-kind', 'parish'])).toBe(1);
      expect(problems.join('\n')).toContain('--lead-council-kind');

      const check = await scratch.open();
      try {
        const regionRows = await check.db.select().from(regions);
        expect(regionRows.map((region) => region.name)).toEqual(['North West']);
        const areaRows = await check.db.select().from(areas);
        expect(areaRows.map((area) => area.name).sort()).toEqual(['Cumbria', 'Lancashire']);
        const streams = await check.db
          .select({ code: fundingStreams.code, owner: organisations.name })
          .from(fundingStreams)
          .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
          .where(eq(fundingStreams.areaId, areaId!));
        expect(Object.fromEntries(streams.map((stream) => [stream.code, stream.owner]))).toEqual({
          'adult-social-care': 'Cumbria Council',
          'supporting-people': 'Cumbria Council',
          'access-to-work': 'Cumbria Council',
          'work-choice': 'Cumbria Council',
          'disabled-facilities-grant': 'Cumbria Council',
          'independent-living-fund': 'ILF North West team',
        });
        const audits = await check.db.select().from(auditLog).where(eq(auditLog.route, 'rtc area create'));
        expect(audits.map((entry) => entry.action).sort()).toEqual(['area.create', 'area.create', 'organisation.create', 'organisation.create', 'organisation.create', 'region.create']);
        expect(audits.every((entry) => entry.actorType === 'cli')).toBe(true);
      } finally {
        await check.close();
      }
      const verified = await rtc(['audit', 'verify'], scratch.env);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toContain('chain unbroken');
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});

describe('organisations’ contact details', () => {
  const contacts = {
    contactPhone: '01632 960 123',
    textRelay: '18001 then 01632 960 123',
    bslVideoRelayUrl: 'https://bsl.example.org/lancaster',
    contactEmail: 'help@lancaster.example.org',
    postalAddress: 'Town Hall\r\n  Dalton   Square \r\n\r\nLancaster LA1 1PJ',
    openingHours: 'Monday to Friday, 9am to 5pm',
    reviewHow: 'Write to the review team within 28 days of the decision.',
  };

  async function newArea(admin: TestBrowser, regionName: string, areaName: string) {
    await admin.get('/admin/regions/new');
    await admin.post('/admin/regions/new', { name: regionName });
    const region = await regionNamed(regionName);
    await admin.post('/admin/areas/new', areaForm(region!.id, areaName));
    const [area] = await areasNamed(areaName);
    return { region: region!, area: area! };
  }

  it('stores the contact details a system administrator gives with a new organisation', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    const { area } = await newArea(admin, 'Contact Region', 'Contactshire');
    await admin.get(`/admin/areas/${area.id}/organisations/new`);
    const added = await admin.post(`/admin/areas/${area.id}/organisations/new`, { name: 'Contactshire Advocacy', kind: 'user_led_organisation', ...contacts, contactPhone: '01632\u0000 960 123' });
    expect(added.statusCode).toBe(303);
    const [made] = await database.db.select().from(organisations).where(eq(organisations.name, 'Contactshire Advocacy'));
    expect(made).toMatchObject({ ...contacts, postalAddress: 'Town Hall\nDalton Square\nLancaster LA1 1PJ' });
  });

  it('refuses contact details that cannot reach anyone, next to each field, and keeps the answers', async () => {
    const admin = await signedIn('sysadmin@platform.example');
    const { area } = await newArea(admin, 'Refusal Region', 'Refusalshire');
    await admin.get(`/admin/areas/${area.id}/organisations/new`);
    const sent = { name: 'Refusalshire Advocacy', kind: 'provider', contactPhone: '12345', textRelay: '01632 960 123', bslVideoRelayUrl: 'javascript:alert(1)', contactEmail: 'not an email', postalAddress: 'A'.repeat(501), openingHours: 'Weekdays', reviewHow: '' };
    const refused = await admin.post(`/admin/areas/${area.id}/organisations/new`, sent);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<title>Error:');
    for (const message of [
      'Enter a phone number, like 01632 960 000',
      'Enter a text relay number: 18001 then the phone number',
      'Enter the BSL video relay link as a web address starting with https://',
      'Enter an email address in the correct format',
      'The address must be 500 characters or fewer',
    ]) {
      expect(refused.body).toContain(message);
    }
    for (const field of ['contactPhone', 'textRelay', 'bslVideoRelayUrl', 'contactEmail', 'postalAddress']) expect(refused.body).toContain(`href="#${field}"`);
    expect(refused.body).toContain('value="Weekdays"');
    expect(refused.body).toContain('value="not an email"');
    expect(await database.db.select().from(organisations).where(eq(organisations.name, 'Refusalshire Advocacy'))).toEqual([]);
    const plainHttp = await admin.post(`/admin/areas/${area.id}/organisations/new`, { ...sent, contactPhone: '', textRelay: '', contactEmail: '', postalAddress: '', bslVideoRelayUrl: 'http://bsl.example.org' });
    expect(plainHttp.statusCode).toBe(400);
    expect(plainHttp.body).toContain('starting with https://');
  });

  it('lets an area administrator change their own area’s organisations, audited, and no one else’s', async () => {
    const northshireLead = await organisationOf(database, demo.areaIds[0]!, 'county_council');
    const rivertonLead = await organisationOf(database, demo.areaIds[1]!, 'county_council');
    const admin = await signedIn('admin@northshire.example');
    const adminId = await userId('admin@northshire.example');

    const list = await admin.get('/admin/organisations');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(northshireLead.name);
    expect(list.body).not.toContain(rivertonLead.name);

    const url = `/admin/organisations/${northshireLead.id}/contacts`;
    const form = await admin.get(url);
    expect(form.statusCode).toBe(200);
    const changed = await admin.post(url, { ...contacts, reviewHow: '', openingHours: '' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/admin/organisations?changed=1');
    const [after] = await database.db.select().from(organisations).where(eq(organisations.id, northshireLead.id));
    expect(after).toMatchObject({ contactPhone: contacts.contactPhone, bslVideoRelayUrl: contacts.bslVideoRelayUrl, reviewHow: null, openingHours: null });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'organisation.contacts.change'), eq(auditLog.subjectId, northshireLead.id), eq(auditLog.actorId, adminId)));
    expect(audit).toMatchObject({ outcome: 'succeeded', areaId: demo.areaIds[0] });
    // The entry names which details were given, never the details themselves.
    expect(audit!.detail).toContain('contactPhone');
    expect(audit!.detail).not.toContain('960');

    const bad = await admin.post(url, { ...contacts, contactEmail: 'help@' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address in the correct format');
    expect(bad.body).toContain(`value="${contacts.contactPhone}"`);

    const elsewhere = `/admin/organisations/${rivertonLead.id}/contacts`;
    expect((await admin.get(elsewhere)).statusCode).toBe(403);
    expect((await admin.post(elsewhere, contacts)).statusCode).toBe(403);
    const [untouched] = await database.db.select().from(organisations).where(eq(organisations.id, rivertonLead.id));
    expect(untouched!.contactPhone).not.toBe(contacts.contactPhone);
    const denied = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, adminId), eq(auditLog.outcome, 'denied'), eq(auditLog.route, '/admin/organisations/:organisationId/contacts')));
    expect(denied.length).toBeGreaterThanOrEqual(2);

    const practitioner = await signedIn('practitioner@northshire.example');
    expect((await practitioner.get(url)).statusCode).toBe(403);
    expect((await practitioner.get('/admin/organisations')).statusCode).toBe(403);
    expect((await admin.get('/admin/organisations/00000000-0000-4000-8000-000000000000/contacts')).statusCode).toBe(404);
  });
});
