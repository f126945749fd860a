// The approvers' pages and the person's decision letter: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const planApprovalPaths = {
  approvals: path('/approvals'),
  approval: path('/people/:personId/plan/approval'),
  decide: path('/people/:personId/plan/approval/:streamCode'),
  decisionLetter: path('/people/:personId/plan/decision-letter'),
  decisionLetterPdf: path('/people/:personId/plan/decision-letter.pdf'),
};
