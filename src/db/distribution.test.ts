import { describe, expect, it } from 'vitest';
import { frameworks, ledgerEntries, surveyDrafts } from '../../test/fixtures/distribution/tables.ts';
import { distributionProblems } from './distribution.ts';
import { people } from './schema.ts';
import * as schema from './schema.ts';

const tables = Object.values(schema);

describe('distribution by area', () => {
  it('holds for every table in the schema: each is listed once, and each distributed key names area_id', () => {
    expect(tables.length).toBeGreaterThan(15);
    expect(distributionProblems(tables)).toEqual([]);
  });

  it('catches a distributed table keyed without area_id, unique without it, or pointing into a shard by id alone', () => {
    const problems = distributionProblems([people, ledgerEntries, frameworks, surveyDrafts], { distributed: ['people', 'ledger_entries'], reference: ['frameworks'], local: [] });
    expect(problems).toEqual(
      expect.arrayContaining([
        "ledger_entries's primary key (id) does not include area_id",
        "ledger_entries's unique index ledger_entries_transfer_idx does not include area_id",
        "ledger_entries's foreign key (person_id) into people does not include area_id on both sides",
        'frameworks (reference) has a foreign key into people, which is sharded by area',
        'survey_drafts is in no list: choose distributed, reference or local (ADR 10)',
      ]),
    );
    expect(problems).toHaveLength(5);
  });
});
