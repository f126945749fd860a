import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './access-guard.ts';

describe('where to go back to after signing in', () => {
  it('keeps plain same-site paths, with their query', () => {
    for (const path of ['/', '/people/6a1f0c2e-0000-4000-8000-000000000000', '/people/x/assessment/sections/about-you?returnTo=check']) {
      expect(safeReturnPath(path), path).toBe(path);
    }
  });

  it('refuses anything a browser could turn into another site, or that breaks a header', () => {
    for (const path of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/%09/evil.example', '/%2F/evil.example', '/%5Cevil.example', 'https://evil.example', 'evil.example', '/a\r\nSet-Cookie: x=1', '/a%0d%0aSet-Cookie:x', '/\u0000', '/%00', '/%zz', ' /people']) {
      expect(safeReturnPath(path), JSON.stringify(path)).toBeUndefined();
    }
    expect(safeReturnPath(undefined)).toBeUndefined();
    expect(safeReturnPath(['/'])).toBeUndefined();
  });
});
