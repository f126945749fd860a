// The contribution estimate's paths: public pages, so the start page and others can link to them.
import { path } from '../../platform/paths.ts';

export const contributionEstimatePaths = {
  /** Public: what the estimate is, and the choice of area. */
  start: path('/contribution-estimate'),
  /** Public: the questions (GET), and the estimate from the answers (POST). */
  estimate: path('/contribution-estimate/:areaId'),
};
