import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError } from './errors.ts';
import { paramsOf, queryOf } from './route-input.ts';

const request = (params: unknown, query: unknown = {}) => ({ params, query }) as unknown as FastifyRequest;

describe('route input', () => {
  const schema = z.object({ personId: z.uuid() });

  it('types parameters that fit and answers "not found" for those that do not', () => {
    expect(paramsOf(request({ personId: '00000000-0000-4000-8000-000000000000' }), schema)).toEqual({ personId: '00000000-0000-4000-8000-000000000000' });
    expect(() => paramsOf(request({ personId: 'junk' }), schema)).toThrow(NotFoundError);
  });

  it('reads a query string, with junk values falling back as the schema says', () => {
    const query = z.object({ done: z.enum(['details', 'created']).optional().catch(undefined) });
    expect(queryOf(request({}, { done: 'created' }), query)).toEqual({ done: 'created' });
    expect(queryOf(request({}, { done: '<script>' }), query)).toEqual({ done: undefined });
  });
});
