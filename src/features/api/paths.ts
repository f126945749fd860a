// The JSON API's prefix and its OpenAPI document.
import { path } from '../../platform/paths.ts';

export const apiPrefix = '/api/v1';

export const apiPaths = {
  openApi: path('/api/v1/openapi.json'),
};
