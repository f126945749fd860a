// The information pages' paths (linked from every page's footer).
import { path } from '../../platform/paths.ts';

export const infoPagePaths = {
  accessibility: path('/accessibility'),
  privacy: path('/privacy'),
  cookies: path('/cookies'),
};
