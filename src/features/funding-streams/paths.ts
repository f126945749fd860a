// The funding stream pages' paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const fundingStreamPaths = {
  streams: path('/admin/areas/:areaId/funding-streams'),
  newStream: path('/admin/areas/:areaId/funding-streams/new'),
  stream: path('/admin/funding-streams/:streamId'),
  retire: path('/admin/funding-streams/:streamId/retire'),
  reinstate: path('/admin/funding-streams/:streamId/reinstate'),
};
