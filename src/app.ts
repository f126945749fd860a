// Builds the web application: platform plugins in a fixed order, then each feature's routes, wired by hand.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DatabaseHandle } from './db/database.ts';
import { featurePaths, registerFeatures } from './features/index.ts';
import { registerAccessGuard } from './platform/access-guard.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import type { AppConfig } from './platform/config.ts';
import { registerDatabaseQueue } from './platform/database-queue.ts';
import { answerUnreadableRequest, answerUnroutable, registerErrorHandling } from './platform/errors.ts';
import { loggerOptions } from './platform/logging.ts';
import { registerRouteCatalogue } from './platform/route-catalogue.ts';
import { registerSecurity } from './platform/security.ts';
import { registerViews } from './platform/views.ts';
import { createServices, type Services } from './services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    clock: Clock;
  }
}

export interface BuildOptions {
  config: AppConfig;
  database: DatabaseHandle;
  /** Tests set "today" with a FixedClock; the server reads the system time. */
  clock?: Clock;
  /** Tests pass false to keep output quiet; the server logs JSON. */
  logger?: boolean;
  /** Where log lines go (standard output unless given); tests read them to prove no personal data is logged. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp({ config, database, clock = systemClock, logger = true, logStream }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? loggerOptions(config, logStream) : false,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 1_000_000,
    // An address the router cannot read, or a request Node cannot parse, answers in the service's own shape.
    frameworkErrors: answerUnroutable,
    clientErrorHandler: answerUnreadableRequest,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const services = createServices(database, config, clock);
  app.decorate('services', services);
  app.decorate('clock', clock);
  // Entries still queued are written before the database can be closed.
  app.addHook('onClose', () => services.audit.close());
  registerRouteCatalogue(app);
  await registerSecurity(app, config);
  await registerViews(app, config, { illustrativeData: services.illustrativeData, paths: featurePaths });
  registerDatabaseQueue(app, config);
  registerAccessGuard(app, database.db, config);
  registerErrorHandling(app);
  await registerFeatures(app, services);
  return app;
}
