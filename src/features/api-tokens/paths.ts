// The API token pages' paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const apiTokenPaths = {
  tokens: path('/admin/api-tokens'),
  newToken: path('/admin/api-tokens/new'),
  revoke: path('/admin/api-tokens/:tokenId/revoke'),
};
