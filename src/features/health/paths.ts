// The health check's path.
import { path } from '../../platform/paths.ts';

export const healthPaths = {
  health: path('/health'),
};
