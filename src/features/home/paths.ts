// The start and home page's path.
import { sitePaths } from '../../platform/paths.ts';

export const homePaths = {
  home: sitePaths.home,
};
