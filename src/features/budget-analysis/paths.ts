// The managers' reports on agreed budgets and how long plans take: pages, the CSV download and the JSON API. Routes
// and links both come from here.
import { path } from '../../platform/paths.ts';

export const budgetAnalysisPaths = {
  /** Choose an area, for someone who reports on more than one. */
  chooseArea: path('/reports/actual-vs-indicative'),
  report: path('/areas/:areaId/reports/actual-vs-indicative'),
  csv: path('/areas/:areaId/reports/actual-vs-indicative.csv'),
  api: path('/api/v1/areas/:areaId/reports/actual-vs-indicative'),
  processApi: path('/api/v1/areas/:areaId/reports/plan-process'),
};
