/** Users and groups: the rules the admin console enforces (the last admin, group guards). */
export { AccountError, type AccountErrorCode } from "./errors";
export { addGroupMember, createGroup, deleteGroup, listGroupMembers, listGroups, removeGroupMember } from "./groups";
export {
  ADMIN_ROLE,
  createUser,
  deactivateUser,
  getProfile,
  listUsers,
  reactivateUser,
  requireUser,
  setUserRole,
  signInMethodsOf,
  type CreateUserParams,
  type ListUsersParams,
  type SignInMethod,
  type UserStatus,
} from "./users";
