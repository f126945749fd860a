// Browser journeys: the real server and a real Chromium, with axe checking every page against WCAG 2.2 AA.
// One worker and shared modules, because the embedded database and the browser are slow to start.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    // A journey is a whole visit of many pages, each checked twice by axe, and CI runs it beside the other tests on
    // two cores: time enough for that, still short of hiding a page that hangs (each wait fails after 15 s).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
