// The paths of an area's reasons an actual budget may differ from the indicative one: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const budgetReasonPaths = {
  reasons: path('/admin/areas/:areaId/budget-reasons'),
  newReason: path('/admin/areas/:areaId/budget-reasons/new'),
  changeReason: path('/admin/areas/:areaId/budget-reasons/:reasonCode/change'),
  retireReason: path('/admin/areas/:areaId/budget-reasons/:reasonCode/retire'),
  reinstateReason: path('/admin/areas/:areaId/budget-reasons/:reasonCode/reinstate'),
  api: {
    areaReasons: path('/api/v1/areas/:areaId/budget-reasons'),
  },
};
