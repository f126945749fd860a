// The path of "Who has looked at your record": routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const recordHistoryPaths = {
  history: path('/people/:personId/history'),
};
