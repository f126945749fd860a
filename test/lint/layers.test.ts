// The house's layer rules hold: ESLint refuses each fixture that breaks one and passes the fixtures that keep them.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { houseRules } from '../../eslint.config.js';

const root = fileURLToPath(new URL('../fixtures/layers', import.meta.url));
let results: Map<string, string[]>;

beforeAll(async () => {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...houseRules(root)],
  });
  const linted = await eslint.lintFiles(['src/**/*.ts']);
  results = new Map(linted.map((result) => [result.filePath.slice(root.length + 1), result.messages.map((message) => `${message.ruleId}: ${message.message}`)]));
}, 60_000);

function problems(file: string): string[] {
  const found = results.get(file);
  if (!found) throw new Error(`${file} was not linted`);
  return found;
}

describe('layer rules', () => {
  it('refuse a feature importing another feature', () => {
    expect(problems('src/features/alpha/imports-another-feature.ts')).toEqual([expect.stringMatching(/import-x\/no-restricted-paths: .*A feature never imports another feature/)]);
  });

  it('refuse records/ importing a feature, or platform/', () => {
    expect(problems('src/records/imports-a-feature.ts')).toEqual([expect.stringMatching(/records\/ imports only domain\/ and db\//)]);
    expect(problems('src/records/imports-platform.ts')).toEqual([expect.stringMatching(/records\/ imports only domain\/ and db\//)]);
  });

  it('refuse platform/ importing a feature', () => {
    expect(problems('src/platform/imports-a-feature.ts')).toEqual([expect.stringMatching(/platform\/ never imports a feature/)]);
  });

  it('refuse reading the system time outside the clock', () => {
    expect(problems('src/features/alpha/reads-the-time.ts')).toEqual([expect.stringMatching(/through the clock/), expect.stringMatching(/through the clock/)]);
  });

  it('refuse SQL and hand-built links in route files', () => {
    const found = problems('src/features/alpha/routes.ts');
    expect(found).toContainEqual(expect.stringMatching(/Route handlers run no SQL/));
    expect(found).toContainEqual(expect.stringMatching(/typed paths/));
  });

  it('pass files that keep to the layers', () => {
    for (const file of ['src/features/alpha/clean.ts', 'src/features/alpha/helper.ts', 'src/features/beta/thing.ts', 'src/records/clean-store.ts', 'src/platform/clean-plumbing.ts', 'src/domain/rule.ts']) {
      expect(problems(file), file).toEqual([]);
    }
  });
});
