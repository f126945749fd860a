// The eligibility and timeline pages' paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const eligibilityPaths = {
  eligibility: path('/people/:personId/eligibility'),
  confirm: path('/people/:personId/eligibility/:streamCode'),
  timeline: path('/people/:personId/timeline'),
};
