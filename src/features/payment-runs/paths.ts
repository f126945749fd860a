// The finance officers' payment run pages: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const paymentRunPaths = {
  runs: path('/payment-runs'),
  run: path('/payment-runs/:runId'),
  review: path('/payment-runs/:runId/review'),
  release: path('/payment-runs/:runId/release'),
  cancel: path('/payment-runs/:runId/cancel'),
  bacs: path('/payment-runs/:runId/bacs.txt'),
};
