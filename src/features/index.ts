// Registers every feature's routes, and gathers every feature's typed paths into one registry for links between
// features: templates see it as `paths`, route code as `request.server.paths`. Each feature is a folder: routes,
// paths, views, services, queries and tests together; no feature imports another.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { accountPaths } from './account/paths.ts';
import { accountRoutes } from './account/routes.ts';
import { adminPaths } from './admin/paths.ts';
import { adminRoutes } from './admin/routes.ts';
import { apiPaths } from './api/paths.ts';
import { apiRoutes } from './api/routes.ts';
import { apiTokenApi } from './api-tokens/api.ts';
import { apiTokenPaths } from './api-tokens/paths.ts';
import { apiTokenRoutes } from './api-tokens/routes.ts';
import { assessmentApi } from './assessment/api.ts';
import { assessmentPaths } from './assessment/paths.ts';
import { assessmentRoutes } from './assessment/routes.ts';
import { budgetApi } from './budget/api.ts';
import { budgetAnalysisApi } from './budget-analysis/api.ts';
import { budgetAnalysisPaths } from './budget-analysis/paths.ts';
import { budgetAnalysisRoutes } from './budget-analysis/routes.ts';
import { budgetPaths } from './budget/paths.ts';
import { budgetRoutes } from './budget/routes.ts';
import { budgetReasonApi } from './budget-reasons/api.ts';
import { budgetReasonPaths } from './budget-reasons/paths.ts';
import { budgetReasonRoutes } from './budget-reasons/routes.ts';
import { contributionEstimatePaths } from './contribution-estimate/paths.ts';
import { contributionEstimateRoutes } from './contribution-estimate/routes.ts';
import { configurationApi } from './configuration/api.ts';
import { configurationPaths } from './configuration/paths.ts';
import { configurationRoutes } from './configuration/routes.ts';
import { directPaymentApi } from './direct-payments/api.ts';
import { directPaymentPaths } from './direct-payments/paths.ts';
import { directPaymentRoutes } from './direct-payments/routes.ts';
import { eligibilityApi } from './eligibility/api.ts';
import { eligibilityPaths } from './eligibility/paths.ts';
import { eligibilityRoutes } from './eligibility/routes.ts';
import { fundingStreamApi } from './funding-streams/api.ts';
import { fundingStreamPaths } from './funding-streams/paths.ts';
import { fundingStreamRoutes } from './funding-streams/routes.ts';
import { healthPaths } from './health/paths.ts';
import { healthRoutes } from './health/routes.ts';
import { homePaths } from './home/paths.ts';
import { homeRoutes } from './home/routes.ts';
import { infoPagePaths } from './info-pages/paths.ts';
import { infoPageRoutes } from './info-pages/routes.ts';
import { oidcPaths } from './oidc/paths.ts';
import { oidcRoutes } from './oidc/routes.ts';
import { paymentRunPaths } from './payment-runs/paths.ts';
import { paymentRunRoutes } from './payment-runs/routes.ts';
import { peopleApi } from './people/api.ts';
import { peoplePaths } from './people/paths.ts';
import { peopleRoutes } from './people/routes.ts';
import { planApprovalApi } from './plan-approval/api.ts';
import { planApprovalPaths } from './plan-approval/paths.ts';
import { planApprovalRoutes } from './plan-approval/routes.ts';
import { recordHistoryPaths } from './record-history/paths.ts';
import { recordHistoryRoutes } from './record-history/routes.ts';
import { serviceCatalogueApi } from './service-catalogue/api.ts';
import { calculatorRoutes } from './service-catalogue/calculator-routes.ts';
import { serviceCataloguePaths } from './service-catalogue/paths.ts';
import { serviceCatalogueRoutes } from './service-catalogue/routes.ts';
import { supportPlanApi } from './support-plan/api.ts';
import { supportPlanPaths } from './support-plan/paths.ts';
import { supportPlanRoutes } from './support-plan/routes.ts';
import { signInPaths } from './sign-in/paths.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { tenancyPaths } from './tenancy/paths.ts';
import { tenancyRoutes } from './tenancy/routes.ts';

export const featurePaths = {
  account: accountPaths,
  admin: adminPaths,
  api: apiPaths,
  apiTokens: apiTokenPaths,
  assessment: assessmentPaths,
  budget: budgetPaths,
  budgetAnalysis: budgetAnalysisPaths,
  budgetReasons: budgetReasonPaths,
  configuration: configurationPaths,
  contributionEstimate: contributionEstimatePaths,
  directPayments: directPaymentPaths,
  eligibility: eligibilityPaths,
  fundingStreams: fundingStreamPaths,
  health: healthPaths,
  home: homePaths,
  infoPages: infoPagePaths,
  oidc: oidcPaths,
  paymentRuns: paymentRunPaths,
  people: peoplePaths,
  planApproval: planApprovalPaths,
  recordHistory: recordHistoryPaths,
  serviceCatalogue: serviceCataloguePaths,
  signIn: signInPaths,
  supportPlan: supportPlanPaths,
  tenancy: tenancyPaths,
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Every feature's typed paths, for a link from one feature to another's page. */
    paths: typeof featurePaths;
  }
}

export async function registerFeatures(app: FastifyInstance, services: Services): Promise<void> {
  app.decorate('paths', featurePaths);
  healthRoutes(app, services);
  infoPageRoutes(app, services);
  signInRoutes(app, services);
  oidcRoutes(app, services);
  accountRoutes(app, services);
  homeRoutes(app, services);
  peopleRoutes(app, services);
  recordHistoryRoutes(app, services);
  assessmentRoutes(app, services);
  budgetRoutes(app, services);
  budgetAnalysisRoutes(app, services);
  supportPlanRoutes(app, services);
  adminRoutes(app, services);
  tenancyRoutes(app, services);
  fundingStreamRoutes(app, services);
  serviceCatalogueRoutes(app, services);
  calculatorRoutes(app, services);
  contributionEstimateRoutes(app, services);
  configurationRoutes(app, services);
  directPaymentRoutes(app, services);
  budgetReasonRoutes(app, services);
  planApprovalRoutes(app, services);
  paymentRunRoutes(app, services);
  // Each feature's JSON endpoints, mounted behind the API's token authentication, in the order the document lists them.
  await apiRoutes(app, services, [apiTokenApi, fundingStreamApi, peopleApi, assessmentApi, eligibilityApi, budgetApi, supportPlanApi, planApprovalApi, configurationApi, serviceCatalogueApi, directPaymentApi, budgetReasonApi, budgetAnalysisApi]);
  apiTokenRoutes(app, services);
  eligibilityRoutes(app, services);
}
