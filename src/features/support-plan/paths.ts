// The support plan's pages and JSON endpoints: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const supportPlanPaths = {
  plan: path('/people/:personId/plan'),
  newOutcome: path('/people/:personId/plan/outcomes/new'),
  outcome: path('/people/:personId/plan/outcomes/:outcomeId'),
  removeOutcome: path('/people/:personId/plan/outcomes/:outcomeId/remove'),
  newItem: path('/people/:personId/plan/items/new'),
  item: path('/people/:personId/plan/items/:itemId'),
  stopItem: path('/people/:personId/plan/items/:itemId/stop'),
  about: path('/people/:personId/plan/about'),
  versions: path('/people/:personId/plan/versions'),
  send: path('/people/:personId/plan/send'),
  api: {
    plan: path('/api/v1/people/:personId/plan'),
    versions: path('/api/v1/people/:personId/plan/versions'),
    changes: path('/api/v1/people/:personId/plan/changes'),
    submit: path('/api/v1/people/:personId/plan/submit'),
  },
};
