// Preloaded with `node --import` by the command-line tests: the files a process loads (as CommonJS and as ES modules)
// are written, one a line, to a file of its own: RTC_LOADED_MODULES followed by a dot and the process id.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const list = process.env.RTC_LOADED_MODULES;
if (list) {
  const out = `${list}.${process.pid}`;
  register(new URL('./loaded-modules-hooks.mjs', import.meta.url), { data: { out } });
  const required = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(out, Object.keys(required).map((file) => `${file}\n`).join('')));
}
