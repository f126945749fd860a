// The service catalogue's paths, the area administrator's pages and the public cash-equivalent calculator: routes and
// links both come from here.
import { path } from '../../platform/paths.ts';

export const serviceCataloguePaths = {
  catalogue: path('/admin/areas/:areaId/catalogue'),
  newService: path('/admin/areas/:areaId/catalogue/new'),
  service: path('/admin/areas/:areaId/catalogue/services/:serviceId'),
  newCost: path('/admin/areas/:areaId/catalogue/services/:serviceId/costs/new'),
  retire: path('/admin/areas/:areaId/catalogue/services/:serviceId/retire'),
  reinstate: path('/admin/areas/:areaId/catalogue/services/:serviceId/reinstate'),
  exportCsv: path('/admin/areas/:areaId/catalogue/export'),
  importCsv: path('/admin/areas/:areaId/catalogue/import'),
  /** Public: choose an area, then price a service from its catalogue. */
  calculatorStart: path('/cash-equivalent'),
  calculator: path('/cash-equivalent/:areaId'),
};
