/** Entries per page, shared by the server prefetch and the client query (their keys must match). */
export const AUDIT_PAGE_SIZE = 50;
