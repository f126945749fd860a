import { describe, expect, it } from 'vitest';
import { path } from './paths.ts';

describe('typed paths', () => {
  it('keep the route pattern and build links with every parameter filled in and encoded', () => {
    const person = path('/people/:personId/sections/:sectionId');
    expect(person.pattern).toBe('/people/:personId/sections/:sectionId');
    expect(person({ personId: 'a b', sectionId: 'x/y' })).toBe('/people/a%20b/sections/x%2Fy');
  });

  it('end a parameter at a dot, as Fastify does, so a file suffix stays in the link', () => {
    const download = path('/admin/areas/:areaId/configuration/:configurationId.json');
    expect(download({ areaId: 'a', configurationId: 'c' })).toBe('/admin/areas/a/configuration/c.json');
  });

  it('add a query string of the values given, leaving out empty ones', () => {
    const users = path('/admin/users');
    expect(users()).toBe('/admin/users');
    expect(users({}, { created: 1, skip: undefined, off: false })).toBe('/admin/users?created=1');
  });

  it('refuse to build a link with a parameter missing', () => {
    const person = path('/people/:personId');
    expect(() => person({ personId: '' })).toThrow(/personId/);
  });
});
