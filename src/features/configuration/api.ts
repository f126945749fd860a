// GET /api/v1/areas/:areaId/configuration and /api/v1/configuration/:configurationId: which question set, rules, RAS
// tables and calculators are in force in an area on a day, and any one version with its definition.
import { z } from 'zod';
import { type EligibilityRuleSet, eligibilityRuleSetSchema } from '../../domain/assessment/eligibility.ts';
import { conditionSchema, questionSchema, type QuestionSet, questionSetSchema } from '../../domain/assessment/question-set.ts';
import { type Calculator, calculatorSchema } from '../../domain/budget/calculators.ts';
import { type RasTable, rasTableSchema } from '../../domain/budget/ras.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, calendarDate, loadArea, recordId, requestedDay } from '../../platform/api.ts';
import { areasOf, authorise, refuseOutsideAreas } from '../../platform/authorisation.ts';
import { configurationInForce, type ConfigurationKind, configurationKinds } from '../../records/configuration-store.ts';
import type { Services } from '../../services.ts';
import { areaOfConfiguration, findConfiguration, streamNames } from './api-queries.ts';

export const configurationIdParams = z.object({ configurationId: z.uuid().describe('The configuration version id') });

export const configurationDayQuery = z.object({
  on: requestedDay().optional().describe('The day to look at, YYYY-MM-DD (Europe/London); today if not given. Use a later day to see a recalibration already published'),
});

const configurationKind = z.enum(configurationKinds);

// The domain's own schemas, the ones every import is checked against, so the document describes exactly what a
// definition can hold. Registered here, not in domain/, which knows nothing of the API.
questionSetSchema.register(apiSchemaRegistry, { id: 'QuestionSet', description: 'A question set: the self-assessment’s sections and questions' });
eligibilityRuleSetSchema.register(apiSchemaRegistry, { id: 'EligibilityRuleSet', description: 'The eligibility rules: one rule per funding stream' });
rasTableSchema.register(apiSchemaRegistry, { id: 'RasTable', description: 'A Resource Allocation System table that prices one stream’s indicative budget' });
calculatorSchema.register(apiSchemaRegistry, { id: 'Calculator', description: 'A calculator that prices the indicative budget of a stream without a RAS table' });
// Named too because the definitions share them: a condition shows a question, decides a rule or applies a deduction.
questionSchema.register(apiSchemaRegistry, { id: 'Question', description: 'One question of a question set, by kind' });
conditionSchema.register(apiSchemaRegistry, { id: 'Condition', description: 'A test on one earlier answer' });

type ConfigurationDefinition = QuestionSet | EligibilityRuleSet | RasTable | Calculator;

export const configurationVersionSchema = z
  .object({
    id: recordId(),
    kind: configurationKind,
    streamCode: z.string().nullable().describe('For RAS tables and calculators: the stream priced; null for the question set and the rules'),
    streamName: z.string().nullable(),
    name: z.string().nullable().describe('The name inside the definition'),
    version: z.int(),
    effectiveFrom: calendarDate(),
    illustrative: z.boolean().describe('True for seeded examples that are not any council’s real figures'),
  })
  .register(apiSchemaRegistry, { id: 'ConfigurationVersion' });

export const areaConfigurationSchema = z
  .object({
    areaId: recordId(),
    on: calendarDate(),
    versions: z.array(configurationVersionSchema),
  })
  .register(apiSchemaRegistry, { id: 'AreaConfiguration', description: 'The published configuration versions in force in an area on a day' });

export const configurationSchema = z
  .object({
    id: recordId(),
    areaId: recordId(),
    kind: configurationKind,
    streamCode: z.string().nullable(),
    version: z.int(),
    effectiveFrom: calendarDate(),
    illustrative: z.boolean(),
    publishedAt: z.iso.datetime().nullable().describe('Null for a draft not yet published'),
    definition: z
      .union([questionSetSchema, eligibilityRuleSetSchema, rasTableSchema, calculatorSchema])
      .describe('The JSON definition, in the formats described in docs/ras-and-eligibility.md'),
  })
  .register(apiSchemaRegistry, { id: 'Configuration', description: 'One version of a question set, eligibility rules, RAS table or calculator' });

function definitionName(definition: unknown): string | null {
  const named = definition as { name?: unknown; title?: unknown } | null;
  if (typeof named?.name === 'string') return named.name;
  return typeof named?.title === 'string' ? named.title : null;
}

export function configurationApi(api: ApiScope, { db, clock }: Services): void {
  api.get(
    api.paths.api.areaConfiguration.pattern,
    apiRoute({
      operationId: 'getConfigurationInForce',
      tags: ['Configuration'],
      summary: 'Configuration in force in an area',
      description: 'The published question set, eligibility rules, RAS tables and calculators in force on a day: for each kind and stream, the version with the latest effective date on or before it. Fetch a definition from /configuration/{configurationId}. Needs a staff role in the area.',
      params: areaIdParams,
      querystring: configurationDayQuery,
      ok: ['The versions in force', areaConfigurationSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'area.read', { type: 'area', areaId, regionId: area.regionId });
      const on = request.query.on ?? clock.today();
      const [inForce, names] = await Promise.all([configurationInForce(db, areaId, on), streamNames(db, areaId)]);
      const version = (kind: ConfigurationKind, item: { id: string; version: number; effectiveFrom: string; illustrative: boolean; definition: unknown }) => {
        const streamCode = kind === 'ras-table' || kind === 'calculator' ? ((item.definition as { streamCode?: string }).streamCode ?? null) : null;
        return { id: item.id, kind, streamCode, streamName: streamCode ? (names.get(streamCode) ?? null) : null, name: definitionName(item.definition), version: item.version, effectiveFrom: item.effectiveFrom, illustrative: item.illustrative };
      };
      const versions = inForce
        ? [
            version('question-set', inForce.questionSet),
            version('eligibility-rules', inForce.rules),
            ...inForce.rasTables.map((table) => version('ras-table', table)),
            ...inForce.calculators.map((calculator) => version('calculator', calculator)),
          ]
        : [];
      return { areaId, on, versions };
    },
  );

  api.get(
    api.paths.api.configuration.pattern,
    apiRoute({
      operationId: 'getConfiguration',
      tags: ['Configuration'],
      summary: 'One configuration version',
      description: 'A question set, eligibility rules, RAS table or calculator version with its JSON definition. Published versions need a staff role in the area; drafts not yet published need an area administrator.',
      params: configurationIdParams,
      ok: ['The version and its definition', configurationSchema],
      notFound: 'There is no configuration with this id',
    }),
    async (request) => {
      const found = await findConfiguration(db, request.params.configurationId, areasOf(request));
      if (!found) {
        const elsewhere = await areaOfConfiguration(db, request.params.configurationId);
        return refuseOutsideAreas(db, request, 'area.read', elsewhere && { type: 'area', ...elsewhere }, 'There is no configuration with this id');
      }
      const { configuration, regionId } = found;
      // Drafts are work in progress for administrators; only what has been published is for everyone in the area.
      await authorise(db, request, configuration.publishedAt ? 'area.read' : 'area.administer', { type: 'area', areaId: configuration.areaId, regionId });
      return {
        id: configuration.id,
        areaId: configuration.areaId,
        kind: configuration.kind as ConfigurationKind,
        streamCode: configuration.streamCode,
        version: configuration.version,
        effectiveFrom: configuration.effectiveFrom,
        illustrative: configuration.illustrative,
        publishedAt: configuration.publishedAt?.toISOString() ?? null,
        // Every stored definition passed its kind's check on import; the response schema checks it again on the way out.
        definition: configuration.definition as ConfigurationDefinition,
      };
    },
  );
}
