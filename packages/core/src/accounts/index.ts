/** Users and groups: the rules the admin console enforces (the last admin, group guards). */
export { AccountError, type AccountErrorCode } from "./errors";
export { addGroupMember, createGroup, deleteGroup, listGroupMembers, listGroups, removeGroupMember } from "./groups";
export {
  ADMIN_ROLE,
  createUser,
  getProfile,
  listUsers,
  requireUser,
  setUserRole,
  type CreateUserParams,
  type ListUsersParams,
} from "./users";
