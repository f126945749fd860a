// Registers every feature's routes. Each feature is a folder: routes, views, services, queries and tests together.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { accountRoutes } from './account/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { apiRoutes } from './api/routes.ts';
import { apiTokenRoutes } from './api-tokens/routes.ts';
import { assessmentRoutes } from './assessment/routes.ts';
import { budgetRoutes } from './budget/routes.ts';
import { configurationRoutes } from './configuration/routes.ts';
import { eligibilityRoutes } from './eligibility/routes.ts';
import { fundingStreamRoutes } from './funding-streams/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { infoPageRoutes } from './info-pages/routes.ts';
import { oidcRoutes } from './oidc/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { tenancyRoutes } from './tenancy/routes.ts';

export async function registerFeatures(app: FastifyInstance, services: Services): Promise<void> {
  healthRoutes(app, services);
  infoPageRoutes(app);
  signInRoutes(app, services);
  oidcRoutes(app, services);
  accountRoutes(app, services);
  homeRoutes(app, services);
  peopleRoutes(app, services);
  assessmentRoutes(app, services);
  budgetRoutes(app, services);
  adminRoutes(app, services);
  tenancyRoutes(app, services);
  fundingStreamRoutes(app, services);
  configurationRoutes(app, services);
  await apiRoutes(app, services);
  apiTokenRoutes(app, services);
  eligibilityRoutes(app, services);
}
