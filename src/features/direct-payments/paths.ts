// The direct payment offer's paths: the person's offers, accepting one with its agreement, declining and asking again,
// and the API's. Routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const directPaymentPaths = {
  offers: path('/people/:personId/plan/direct-payments'),
  accept: path('/people/:personId/plan/direct-payments/:streamCode/accept'),
  accepted: path('/people/:personId/plan/direct-payments/:streamCode/accepted'),
  decline: path('/people/:personId/plan/direct-payments/:streamCode/decline'),
  offerAgain: path('/people/:personId/plan/direct-payments/:streamCode/offer-again'),
  api: {
    offers: path('/api/v1/people/:personId/plan/direct-payments'),
  },
};
