// The JSON API's URLs, all under /api/v1: its OpenAPI document and every feature's endpoint. One table, because the
// API is versioned as a whole; each feature registers its endpoints from here (through `paths.api`) and links use it.
import { path } from '../../platform/paths.ts';

export const apiPaths = {
  openApi: path('/api/v1/openapi.json'),
  me: path('/api/v1/me'),
  areaFundingStreams: path('/api/v1/areas/:areaId/funding-streams'),
  areaPeople: path('/api/v1/areas/:areaId/people'),
  person: path('/api/v1/people/:personId'),
  assessment: path('/api/v1/people/:personId/assessment'),
  eligibility: path('/api/v1/people/:personId/eligibility'),
  indicativeBudget: path('/api/v1/people/:personId/indicative-budget'),
  areaConfiguration: path('/api/v1/areas/:areaId/configuration'),
  configuration: path('/api/v1/configuration/:configurationId'),
  areaCatalogue: path('/api/v1/areas/:areaId/catalogue'),
  cashEquivalent: path('/api/v1/areas/:areaId/catalogue/:serviceId/cash-equivalent'),
  approvals: path('/api/v1/approvals'),
  planApproval: path('/api/v1/people/:personId/plan/approval'),
};
