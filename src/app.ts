// Builds the web application: platform plugins in a fixed order, then each feature's routes, wired by hand.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './platform/config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { registerSecurity } from './platform/security.ts';
import { registerViews } from './platform/views.ts';
import { registerAccessGuard } from './platform/access-guard.ts';
import { registerErrorHandling } from './platform/errors.ts';
import { createServices, type Services } from './services.ts';
import { registerFeatures } from './features/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** Every route registered, so tests can prove a rule holds on all of them (no 5xx, access declared). */
    routeCatalogue: { method: string; url: string; access: string | undefined }[];
  }
}

export interface BuildOptions {
  config: AppConfig;
  database: DatabaseHandle;
  /** Tests pass false to keep output quiet; the server logs JSON. */
  logger?: boolean;
  /** Where log lines go (standard output unless given); tests read them to prove no personal data is logged. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp({ config, database, logger = true, logStream }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger
      ? {
          level: config.logLevel,
          ...(logStream ? { stream: logStream } : {}),
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          // No personal data in logs: method, path and status only, never addresses, names or bodies.
          serializers: {
            req: (request) => ({ method: request.method, url: request.url.split('?')[0] }),
            res: (reply) => ({ statusCode: reply.statusCode }),
          },
        }
      : false,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 1_000_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const services = createServices(database, config);
  app.decorate('services', services);
  const routeCatalogue: FastifyInstance['routeCatalogue'] = [];
  app.decorate('routeCatalogue', routeCatalogue);
  app.addHook('onRoute', (route) => {
    // Read access lazily: later onRoute hooks (static files) may still set it on this same route object.
    for (const method of [route.method].flat()) routeCatalogue.push({ method, url: route.url, get access() { return route.config?.access; } });
  });

  await registerSecurity(app, config);
  await registerViews(app, config);
  registerAccessGuard(app, database.db, config);
  app.decorateReply('render', function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    return this.view(template, {
      ...context,
      cspNonce: this.cspNonce?.script,
      csrfToken: this.generateCsrf(),
      currentUser: this.request.currentUser,
      illustrativeData: services.illustrativeData(),
    });
  });
  registerErrorHandling(app);
  await registerFeatures(app, services);
  return app;
}
