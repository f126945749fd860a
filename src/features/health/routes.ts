// GET /health: is the service up and can it reach its database? For load balancers and monitoring; no sign-in.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { healthPaths } from './paths.ts';
import { databaseAnswers } from './queries.ts';

export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get(healthPaths.health.pattern, { config: { access: 'public' } }, async (_request, reply) => {
    const status = { database: services.databaseKind, version: services.config.version };
    if (await databaseAnswers(services.db)) return { status: 'ok', ...status };
    return reply.code(503).send({ status: 'unavailable', ...status });
  });
}
