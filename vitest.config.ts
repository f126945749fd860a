import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The check that every query names its area reads the SQL of the whole run, so it goes last. */
class AreaCheckLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (file: TestSpecification) => (file.moduleId.endsWith('area-scoped-queries.test.ts') ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}


/**
 * Tests that open no database, or only an embedded one of their own whatever DATABASE_URL says: the pure domain, the
 * lint's own rules, the embedded database's directory and backups, and the command line's help. On PostgreSQL
 * (DATABASE_URL set) they would run the very same code again, so they run once, in the embedded pass (ADR 2).
 */
const withoutTheDatabaseUnderTest = ['src/domain/**', 'test/lint/**', 'test/integration/backup.test.ts', 'test/integration/cli-embedded.test.ts'];

// Unit and integration tests. One worker, shared module state: the embedded database takes seconds to open, so
// every test file shares one and resets its data between tests.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', ...(process.env.DATABASE_URL ? withoutTheDatabaseUnderTest : [])],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    sequence: { sequencer: AreaCheckLast },
  },
});
