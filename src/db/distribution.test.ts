import { describe, expect, it } from 'vitest';
import { frameworks, ledgerEntries, surveyDrafts } from '../../test/fixtures/distribution/tables.ts';
import { distributedTablesIn, distributionProblems, statementsWithoutArea } from './distribution.ts';
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

describe('statements that name their area', () => {
  it('finds the sharded tables a statement reads or changes, leaving inserts (which carry their area) alone', () => {
    expect(distributedTablesIn('select "id" from "people" inner join "consents" on "consents"."person_id" = "people"."id"')).toEqual(['people', 'consents']);
    expect(distributedTablesIn('insert into "people" ("id", "area_id") values ($1, $2)')).toEqual([]);
    expect(distributedTablesIn('select "id" from "users" where "users"."id" = $1')).toEqual([]);
  });

  it('lists those without an area condition, unless named as a deliberate cross-area read', () => {
    const statements = [
      'select "id" from "people" where "people"."id" = $1',
      'select "id" from "people" where ("people"."area_id" = $1 and "people"."id" = $2)',
      'update "assessments" set "answers" = $1 where "assessments"."area_id" in ($2, $3)',
      'select p.id from assessments a join people p on p.area_id = a.area_id and p.id = a.person_id where a.area_id = $1',
      'select count(*) from "people"',
      'select "areas"."name" from "areas" left join (select "area_id", count(*) from "people" group by "area_id") "c" on "c"."area_id" = "areas"."id"',
    ];
    expect(statementsWithoutArea(statements, [])).toEqual([
      'select "areas"."name" from "areas" left join (select "area_id", count(*) from "people" group by "area_id") "c" on "c"."area_id" = "areas"."id"',
      'select "id" from "people" where "people"."id" = $1',
      'select count(*) from "people"',
    ]);
    expect(statementsWithoutArea(statements, [{ why: 'platform totals', matches: /^select count\(\*\) from "people"$/ }])).toHaveLength(2);
  });
});
