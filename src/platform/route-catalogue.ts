// Every route the app registers, with the access and audit action it declares, so tests can prove a rule holds on
// all of them (no 5xx, access named, person routes audited).
import type { FastifyInstance } from 'fastify';

export interface CataloguedRoute {
  method: string;
  url: string;
  access: string | undefined;
  audit: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalogue: CataloguedRoute[];
  }
}

export function registerRouteCatalogue(app: FastifyInstance): void {
  const routeCatalogue: CataloguedRoute[] = [];
  app.decorate('routeCatalogue', routeCatalogue);
  app.addHook('onRoute', (route) => {
    // Read lazily: later onRoute hooks (static files) may still set them on this same route object.
    for (const method of [route.method].flat()) {
      routeCatalogue.push({
        method,
        url: route.url,
        get access() {
          return route.config?.access;
        },
        get audit() {
          return route.config?.audit;
        },
      });
    }
  });
}
