/** Users per page, shared by the server prefetch and the client query (their keys must match). */
export const USERS_PAGE_SIZE = 25;
