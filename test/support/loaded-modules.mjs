// Preloaded with `node --import` by the command-line tests: when the process exits, the files it loaded (as CommonJS
// and as ES modules) are written, one a line, to the file named by RTC_LOADED_MODULES.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.RTC_LOADED_MODULES;
if (out) {
  register(new URL('./loaded-modules-hooks.mjs', import.meta.url), { data: { out } });
  const required = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(out, Object.keys(required).map((file) => `${file}\n`).join('')));
}
