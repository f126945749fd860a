// The area configuration pages' paths (question sets, rules, RAS tables): routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const configurationPaths = {
  configuration: path('/admin/areas/:areaId/configuration'),
  import: path('/admin/areas/:areaId/configuration/import'),
  version: path('/admin/areas/:areaId/configuration/:configurationId'),
  versionJson: path('/admin/areas/:areaId/configuration/:configurationId.json'),
  recalibrate: path('/admin/areas/:areaId/configuration/:configurationId/recalibrate'),
  whatIf: path('/admin/areas/:areaId/configuration/:configurationId/what-if'),
  publish: path('/admin/areas/:areaId/configuration/:configurationId/publish'),
};
