// OpenID Connect sign-in's paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const oidcPaths = {
  start: path('/sign-in/oidc'),
  callback: path('/sign-in/oidc/callback'),
};
