// The account pages' paths: routes and links both come from here.
import { path, sitePaths } from '../../platform/paths.ts';

export const accountPaths = {
  account: path('/account'),
  mfaSetUp: sitePaths.mfaSetUp,
  signOutEverywhere: path('/account/sign-out-everywhere'),
};
