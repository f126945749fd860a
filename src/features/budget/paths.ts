// The indicative budget page's and letter's paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const budgetPaths = {
  budget: path('/people/:personId/budget'),
  letter: path('/people/:personId/budget/letter'),
  letterPdf: path('/people/:personId/budget/letter.pdf'),
  letterStylesheet: path('/budget/letter.css'),
};
