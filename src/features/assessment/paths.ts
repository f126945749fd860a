// The self-assessment journey's paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const assessmentPaths = {
  taskList: path('/people/:personId/assessment'),
  start: path('/people/:personId/assessment/start'),
  section: path('/people/:personId/assessment/sections/:sectionId'),
  check: path('/people/:personId/assessment/check'),
  submit: path('/people/:personId/assessment/submit'),
};
