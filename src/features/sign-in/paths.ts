// Sign-in's paths: routes and links both come from here.
import { sitePaths } from '../../platform/paths.ts';

export const signInPaths = {
  signIn: sitePaths.signIn,
  securityCode: sitePaths.securityCode,
  signOut: sitePaths.signOut,
  signedOut: sitePaths.signedOut,
};
