#!/usr/bin/env node
// Runs the TypeScript CLI without a build step. The program (its commands and their options) is read through tsx's
// require hook, which works in this thread and starts at once; tsx's module loader, which starts a thread of its own
// and takes a few hundred milliseconds, is started only when a command runs, so `rtc --help` answers quickly.
import { createRequire } from 'node:module';
import { register as registerRequireHook } from 'tsx/cjs/api';

registerRequireHook();
const { runRtc } = createRequire(import.meta.url)('../src/cli/program.ts');
let loader;
await runRtc(process.argv, () => (loader ??= import('tsx/esm/api').then(({ register }) => void register())));
