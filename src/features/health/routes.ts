// GET /health: is the service up and can it reach its database? For load balancers and monitoring; no sign-in.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await services.db.execute(sql`select 1`);
      return { status: 'ok', database: services.databaseKind, version: services.config.version };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: services.databaseKind, version: services.config.version });
    }
  });
}
