// Area administrators keep the settings that decide money: they read every version of the question set, eligibility
// rules, RAS tables and calculators, import and export them as JSON, recalibrate a RAS table in the browser, see the
// effect on everyone assessed (the what-if) and publish a draft from a day.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EligibilityRuleSet } from '../../domain/assessment/eligibility.ts';
import type { QuestionSet } from '../../domain/assessment/question-set.ts';
import type { Calculator } from '../../domain/budget/calculators.ts';
import { formatPence } from '../../domain/budget/money.ts';
import { compileRasTable, type RasTable } from '../../domain/budget/ras.ts';
import { auditRequest, authorise, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import {
  type Change,
  type ConfigurationRow,
  type Track,
  type VersionSummary,
  areaStreams,
  areaTracks,
  checkDefinition,
  definitionName,
  findConfiguration,
  kindNames,
  publishDraft,
  publishProblems,
  saveDraft,
  trackFor,
} from './configuration-service.ts';
import { type ConfigurationKind, configurationInForce, configurationKinds } from '../../records/configuration-store.ts';
import { configurationPaths } from './paths.ts';
import { readableCalculator, readableQuestionSet, readableRas, readableRules } from './readable.ts';
import { importFieldOrder, importForm, parseJsonText, readPublish, readRecalibration, recalibrationAnswers, recalibrationFields } from './validation.ts';
import { type CurrentPricing, runWhatIf } from './what-if.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const versionParams = z.object({ areaId: z.uuid(), configurationId: z.uuid() });
const doneQuery = z.object({ done: z.string().optional().catch(undefined) });
const importQuery = z.object({ kind: z.string().optional().catch(undefined) });

/** An area the person administers, and a version of its configuration. */
interface FoundVersion {
  area: { id: string; name: string; regionId: string };
  row: ConfigurationRow;
}

interface FormContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

type Banner = 'imported' | 'unchanged' | 'recalibrated' | 'published' | 'already-published';

const banners: Record<Banner, string> = {
  imported: 'Imported as a new draft. It is not used until you publish it.',
  unchanged: 'This is the same as the latest draft, so no new version was made.',
  recalibrated: 'Saved as a new draft. It is not used until you publish it.',
  published: 'Published',
  'already-published': 'This version was already published',
};

const statusTags: Record<VersionSummary['status'], { text: string; classes: string }> = {
  'in force': { text: 'In force', classes: 'govuk-tag--green' },
  scheduled: { text: 'Scheduled', classes: 'govuk-tag--blue' },
  draft: { text: 'Draft', classes: 'govuk-tag--yellow' },
  replaced: { text: 'Replaced', classes: 'govuk-tag--grey' },
};

const kindHints: Record<ConfigurationKind, string> = {
  'question-set': 'The joined-up self-assessment everyone answers',
  'eligibility-rules': 'One rule for each funding stream',
  'ras-table': 'Points to money for a stream, such as adult social care',
  calculator: 'The amount for a stream that does not use points, such as Access to Work',
};

function versionsOf(track: Track | undefined): (VersionSummary & { tag: { text: string; classes: string } })[] {
  if (!track) return [];
  return [...track.scheduled, ...(track.inForce ? [track.inForce] : []), ...track.drafts, ...track.replaced]
    .sort((a, b) => b.version - a.version)
    .map((version) => ({ ...version, tag: statusTags[version.status] }));
}

function fileName(row: ConfigurationRow): string {
  return `${row.kind}${row.streamCode ? `-${row.streamCode}` : ''}-version-${row.version}.json`;
}

/** The figures an administrator changes when recalibrating, side by side, for the what-if page. */
function recalibrationComparison(before: RasTable | undefined, after: RasTable) {
  const price = (table: RasTable) =>
    table.pricing.kind === 'per-point' ? `${formatPence(table.pricing.pencePerPoint)} a point` : table.pricing.bands.map((band) => `${band.fromPoints}${band.toPoints === null ? '+' : `–${band.toPoints}`} points: ${formatPence(band.weeklyPence)}`).join('; ');
  const rows: [string, (table: RasTable) => string][] = [
    ['Price', price],
    ['Minimum a week', (table) => formatPence(table.minimumWeeklyPence)],
    ['Maximum a week', (table) => formatPence(table.maximumWeeklyPence)],
    ['Contingency', (table) => `${table.contingencyPercent}%`],
    ['Tolerance', (table) => `${table.tolerancePercent}%`],
  ];
  return rows.map(([name, show]) => {
    const now = before ? show(before) : 'None in force';
    const draft = show(after);
    return { name, now, draft, changed: now !== draft };
  });
}

/** The banner a page shows after a change, named in its query string (`?done=published`); anything else shows none. */
function bannerOf(request: FastifyRequest): string | undefined {
  const done = queryOf(request, doneQuery)?.done;
  return done && Object.hasOwn(banners, done) ? banners[done as Banner] : undefined;
}

/** Where to go after a change to a version: its page, with the banner saying what happened. */
function versionPage(areaId: string, configurationId: string, done: Banner): string {
  return configurationPaths.version({ areaId, configurationId }, { done });
}

export function configurationRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The area the route names (404 if there is none), once the policy agrees this person administers it. */
  async function administeredArea(request: FastifyRequest) {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    await authorise(db, request, 'area.administer', { type: 'area', areaId: area.id, regionId: area.regionId });
    return area;
  }

  /** The area (authorised first, so a refusal does not say whether the version exists) and the version in it. */
  async function administeredVersion(request: FastifyRequest): Promise<FoundVersion> {
    const area = await administeredArea(request);
    const row = await findConfiguration(db, area.id, paramsOf(request, versionParams).configurationId);
    if (!row) throw new NotFoundError();
    return { area, row };
  }

  /** A RAS table's version: only those can be recalibrated or tried in the what-if. */
  async function administeredRasTable(request: FastifyRequest): Promise<FoundVersion> {
    const found = await administeredVersion(request);
    if (found.row.kind !== 'ras-table') throw new NotFoundError();
    return found;
  }

  const actor = (request: FastifyRequest): Change => ({ userId: request.currentUser!.id, audit: requestAudit(request), now: services.clock.now() });

  app.get(configurationPaths.configuration.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await administeredArea(request);
    const today = services.clock.today();
    const [tracks, streams] = await Promise.all([areaTracks(db, area.id, today), areaStreams(db, area.id)]);
    const known = new Set(streams.map((stream) => stream.code));
    const orphanCodes = [...tracks.values()].filter((track) => track.streamCode && !known.has(track.streamCode)).map((track) => track.streamCode!);
    const streamSections = [...streams, ...[...new Set(orphanCodes)].map((code) => ({ code, name: code, retiredOn: null }))].map((stream) => {
      const ras = trackFor(tracks, 'ras-table', stream.code);
      const calculator = trackFor(tracks, 'calculator', stream.code);
      const method = ras?.inForce ? 'a RAS table' : calculator?.inForce ? 'a calculator' : undefined;
      return {
        ...stream,
        method,
        tracks: [
          ...(ras ? [{ heading: kindNames['ras-table'], versions: versionsOf(ras) }] : []),
          ...(calculator ? [{ heading: kindNames.calculator, versions: versionsOf(calculator) }] : []),
        ],
      };
    });
    return reply.render('configuration/configuration.njk', {
      pageTitle: `Assessment and budget settings for ${area.name}`,
      area,
      banner: bannerOf(request),
      questionSet: versionsOf(trackFor(tracks, 'question-set', null)),
      rules: versionsOf(trackFor(tracks, 'eligibility-rules', null)),
      streams: streamSections,
    });
  });

  const renderImport = (reply: FastifyReply, area: { id: string; name: string }, context: FormContext) =>
    reply.render('configuration/import.njk', {
      pageTitle: 'Import a file',
      area,
      kindItems: configurationKinds.map((kind) => ({ value: kind, text: kindNames[kind], hint: { text: kindHints[kind] }, checked: context.answers.kind === kind })),
      ...context,
    });

  app.get(configurationPaths.import.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await administeredArea(request);
    return renderImport(reply, area, { answers: { kind: queryOf(request, importQuery)?.kind } });
  });

  app.post(configurationPaths.import.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await administeredArea(request);
    const answers = answersOf(request.body);
    const form = importForm.safeParse(answers);
    const failed = (messages: Record<string, string>, list?: { text: string; href: string }[]) => {
      const errors = formErrors(messages, importFieldOrder);
      return renderImport(reply.code(400), area, { answers, errors: errors.fields, errorList: list ?? errors.list });
    };
    if (!form.success) {
      const messages: Record<string, string> = {};
      for (const issue of form.error.issues) messages[String(issue.path[0])] ??= issue.message;
      return failed(messages);
    }
    const parsed = parseJsonText(form.data.definition);
    if (!parsed.ok) return failed({ definition: parsed.error });
    const today = services.clock.today();
    const checked = await checkDefinition(db, area.id, form.data.kind, parsed.json, today);
    if (!checked.ok) {
      // Every problem in the summary, so all can be fixed at once; nothing has been saved.
      const count = checked.errors.length;
      return failed(
        { definition: `The file has ${count} ${count === 1 ? 'problem' : 'problems'}, listed at the top of the page. Nothing has been saved.` },
        checked.errors.map((text) => ({ text, href: '#definition' })),
      );
    }
    const definitionDay = (checked.definition as { effectiveFrom?: string }).effectiveFrom;
    const saved = await saveDraft(db, area.id, checked, { action: 'configuration.import', effectiveFrom: definitionDay ?? today, actor: actor(request) });
    return reply.redirect(versionPage(area.id, saved.id, saved.created ? 'imported' : 'unchanged'), 303);
  });

  app.get(configurationPaths.versionJson.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredVersion(request);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(found.row)}"`)
      .send(`${JSON.stringify(found.row.definition, null, 2)}\n`);
  });

  app.get(configurationPaths.version.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredVersion(request);
    const { area, row } = found;
    const today = services.clock.today();
    const tracks = await areaTracks(db, area.id, today);
    const summary = versionsOf(trackFor(tracks, row.kind as ConfigurationKind, row.streamCode)).find((version) => version.id === row.id)!;
    const inForce = await configurationInForce(db, area.id, today);
    const set = row.kind === 'question-set' ? (row.definition as QuestionSet) : inForce?.questionSet.definition;
    const streamNames = Object.fromEntries((await areaStreams(db, area.id)).map((stream) => [stream.code, stream.name]));
    const streamName = row.streamCode ? (streamNames[row.streamCode] ?? row.streamCode) : undefined;
    return reply.render('configuration/version.njk', {
      pageTitle: `${definitionName(row)}, version ${row.version}`,
      area,
      row,
      name: definitionName(row),
      kindName: kindNames[row.kind as ConfigurationKind],
      streamName,
      streamNames,
      summary,
      banner: bannerOf(request),
      exportHref: configurationPaths.versionJson({ areaId: area.id, configurationId: row.id }),
      exportName: fileName(row),
      ras: row.kind === 'ras-table' && set ? readableRas(row.definition as RasTable, set) : undefined,
      calculator: row.kind === 'calculator' && set ? readableCalculator(row.definition as Calculator, set) : undefined,
      questionSet: row.kind === 'question-set' ? readableQuestionSet(row.definition as QuestionSet) : undefined,
      rules: row.kind === 'eligibility-rules' && set ? readableRules(row.definition as EligibilityRuleSet, set) : undefined,
    });
  });

  const renderRecalibrate = (reply: FastifyReply, found: FoundVersion, context: FormContext) => {
    const table = found.row.definition as RasTable;
    return reply.render('configuration/recalibrate.njk', {
      pageTitle: `Recalibrate ${definitionName(found.row)}`,
      area: found.area,
      row: found.row,
      name: definitionName(found.row),
      bands: table.pricing.kind === 'bands' ? table.pricing.bands.map((band, index) => ({ field: `band-${index + 1}`, label: band.toPoints === null ? `Band ${index + 1}: ${band.fromPoints} points or more` : `Band ${index + 1}: ${band.fromPoints} to ${band.toPoints} points` })) : undefined,
      ...context,
    });
  };

  app.get(configurationPaths.recalibrate.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredRasTable(request);
    return renderRecalibrate(reply, found, { answers: recalibrationAnswers(found.row.definition as RasTable) });
  });

  app.post(configurationPaths.recalibrate.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredRasTable(request);
    const table = found.row.definition as RasTable;
    const answers = answersOf(request.body);
    const read = readRecalibration(request.body, table);
    if (!read.ok) {
      const errors = formErrors(read.messages, recalibrationFields(table));
      return renderRecalibrate(reply.code(400), found, { answers, errors: errors.fields, errorList: errors.list });
    }
    const today = services.clock.today();
    // A draft proposes its first day; publishing decides it. Never earlier than today without a recorded reason.
    const proposed = table.effectiveFrom > today ? table.effectiveFrom : today;
    const checked = await checkDefinition(db, found.area.id, 'ras-table', { ...table, ...read.value, effectiveFrom: proposed }, today);
    if (!checked.ok) return renderRecalibrate(reply.code(400), found, { answers, errorList: checked.errors.map((text) => ({ text, href: `#${recalibrationFields(table)[0]}` })) });
    const saved = await saveDraft(db, found.area.id, checked, { action: 'configuration.recalibrate', effectiveFrom: proposed, actor: actor(request), basedOn: found.row });
    return reply.redirect(versionPage(found.area.id, saved.id, saved.created ? 'recalibrated' : 'unchanged'), 303);
  });

  app.get(configurationPaths.whatIf.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredRasTable(request);
    const { area, row } = found;
    const draft = row.definition as RasTable;
    const context = { pageTitle: `What-if: ${definitionName(row)}, version ${row.version}`, area, row, name: definitionName(row) };
    if (row.publishedAt) return reply.render('configuration/what-if.njk', { ...context, published: true });
    const today = services.clock.today();
    const inForce = await configurationInForce(db, area.id, today);
    if (!inForce) return reply.render('configuration/what-if.njk', { ...context, noConfiguration: true });
    const table = inForce.rasTables.find((candidate) => candidate.definition.streamCode === draft.streamCode);
    const calculator = inForce.calculators.find((candidate) => candidate.definition.streamCode === draft.streamCode);
    const before: CurrentPricing = table ? { kind: 'ras', compiled: table.compiled } : calculator ? { kind: 'calculator', calculator: calculator.definition } : undefined;
    const streamName = (await areaStreams(db, area.id)).find((stream) => stream.code === draft.streamCode)?.name ?? draft.streamCode;
    const result = await runWhatIf(db, { areaId: area.id, day: today, rules: inForce.rules.definition, changes: [{ streamCode: draft.streamCode, streamName, before, after: compileRasTable(draft) }] });
    await auditRequest(db, request, { action: 'configuration.what-if', outcome: 'succeeded', subjectType: 'area_configuration', subjectId: row.id, areaId: area.id, detail: `${result.included} people included` });
    return reply.render('configuration/what-if.njk', {
      ...context,
      result,
      streamName,
      hasRule: inForce.rules.definition.rules.some((rule) => rule.streamCode === draft.streamCode),
      before: table ? { kind: 'ras', version: table.version, effectiveFrom: table.effectiveFrom } : calculator ? { kind: 'calculator', version: calculator.version } : undefined,
      comparison: recalibrationComparison(table?.definition, draft),
    });
  });

  const renderPublish = (reply: FastifyReply, found: FoundVersion, context: FormContext & { invalidParts?: string[] }) =>
    reply.render('configuration/publish.njk', {
      pageTitle: `Publish ${definitionName(found.row)}, version ${found.row.version}`,
      area: found.area,
      row: found.row,
      name: definitionName(found.row),
      kindName: kindNames[found.row.kind as ConfigurationKind],
      today: services.clock.today(),
      dateItems: ['day', 'month', 'year'].map((part) => ({
        name: part,
        label: part[0]!.toUpperCase() + part.slice(1),
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${context.invalidParts?.includes(part) ? ' govuk-input--error' : ''}`,
        value: context.answers[`effectiveFrom-${part}`],
      })),
      ...context,
    });

  // A version already published has nothing left to publish: both publish routes send the person to it instead.
  const alreadyPublished = (reply: FastifyReply, found: FoundVersion) => reply.redirect(versionPage(found.area.id, found.row.id, 'already-published'), 303);

  app.get(configurationPaths.publish.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredVersion(request);
    if (found.row.publishedAt) return alreadyPublished(reply, found);
    const today = services.clock.today();
    // Default today; a draft that proposes a later day (an imported table for next April, say) keeps it.
    const proposed = found.row.effectiveFrom > today ? found.row.effectiveFrom : today;
    const [year, month, day] = proposed.split('-');
    return renderPublish(reply, found, { answers: { 'effectiveFrom-day': String(Number(day)), 'effectiveFrom-month': String(Number(month)), 'effectiveFrom-year': year } });
  });

  app.post(configurationPaths.publish.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredVersion(request);
    if (found.row.publishedAt) return alreadyPublished(reply, found);
    const answers = answersOf(request.body);
    const today = services.clock.today();
    const read = readPublish(request.body, today);
    if (!read.ok) {
      const errors = formErrors(read.messages, ['effectiveFrom', 'reason']);
      const list = errors.list.map((item) => (item.href === '#effectiveFrom' ? { ...item, href: `#effectiveFrom-${read.invalidParts[0] ?? 'day'}` } : item));
      return renderPublish(reply.code(400), found, { answers, errors: errors.fields, errorList: list, invalidParts: read.invalidParts });
    }
    const problems = await publishProblems(db, found.row, read.effectiveFrom);
    if (problems.length) {
      return renderPublish(reply.code(400), found, { answers, errorList: problems.map((text) => ({ text, href: '#effectiveFrom-day' })) });
    }
    const outcome = await publishDraft(db, found.row, { effectiveFrom: read.effectiveFrom, reason: read.reason, today, actor: actor(request) });
    return reply.redirect(versionPage(found.area.id, found.row.id, outcome.published ? 'published' : 'already-published'), 303);
  });
}
