// The user administration pages' paths: routes and links both come from here.
import { path } from '../../platform/paths.ts';

export const adminPaths = {
  users: path('/admin/users'),
  newUser: path('/admin/users/new'),
  unlock: path('/admin/users/:userId/unlock'),
  resetSecurityCode: path('/admin/users/:userId/reset-security-code'),
  approvalLimit: path('/admin/users/:userId/approval-limit'),
};
