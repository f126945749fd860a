// The person record's paths (record, details, sharing, supporters, adding people, self-referral): routes and links
// both come from here.
import { path } from '../../platform/paths.ts';

export const peoplePaths = {
  selfReferral: path('/start'),
  newPerson: path('/people/new'),
  selfReferralsToCheck: path('/people/self-referrals'),
  person: path('/people/:personId'),
  details: path('/people/:personId/details'),
  sharing: path('/people/:personId/sharing'),
  sharingChange: path('/people/:personId/sharing/:organisationId'),
  newSupporter: path('/people/:personId/supporters/new'),
  selfReferralChecked: path('/people/:personId/self-referral-check'),
  endSupporter: path('/people/:personId/supporters/:supporterId/end'),
};
