// Typed route parameters and query strings for pages, read through zod: a parameter that does not fit is "not found"
// (a 404 page, never a 500 or a cast), and a query value that does not fit falls back to what the schema says.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { NotFoundError } from './errors.ts';

/** The route's parameters as the schema types them; NotFoundError when they do not fit. */
export function paramsOf<S extends z.ZodType>(request: FastifyRequest, schema: S, what?: string): z.infer<S> {
  const parsed = schema.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError(what);
  return parsed.data;
}

/**
 * The query string as the schema types it. Give each field a default or `.optional()`, and `.catch()` where a junk
 * value should mean "not given": a query a person can edit by hand is never an error page.
 */
export function queryOf<S extends z.ZodType>(request: FastifyRequest, schema: S): z.infer<S> | undefined {
  const parsed = schema.safeParse(request.query ?? {});
  return parsed.success ? parsed.data : undefined;
}
