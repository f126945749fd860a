// The view engine's own filters: `trim` replaces Nunjucks' built-in one, which is quadratic in whitespace.
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { configureEnvironment, trim } from './views.ts';

const builtIn = new nunjucks.Environment();
const whitespace = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const texts = fc.array(fc.oneof(fc.constantFrom(...whitespace), fc.string({ maxLength: 3 })), { maxLength: 30 }).map((parts) => parts.join(''));

describe('the trim filter', () => {
  it('gives what Nunjucks’ own trim gives for any text, white space of every kind included', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(trim(text)).toBe(builtIn.getFilter('trim')(text));
      }),
    );
  });

  it('keeps HTML marked safe as safe, and plain text plain', () => {
    const safe = trim(new nunjucks.runtime.SafeString('  <b>x</b>\n'));
    expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(safe)).toBe('<b>x</b>');
    expect(trim('  <b>x</b> ')).toBe('<b>x</b>');
    expect(trim(undefined)).toBe('');
  });

  it("is the filter the app's templates use, and escapes as before", () => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    configureEnvironment(env, { paths: {} });
    expect(env.getFilter('trim')).toBe(trim);
    expect(env.renderString('[{{ value | trim }}]', { value: '  <i>  ' })).toBe('[&lt;i&gt;]');
    expect(env.renderString('[{{ value | safe | trim }}]', { value: '  <i>  ' })).toBe('[<i>]');
  });
});
