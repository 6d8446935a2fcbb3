// Input schemas of the admin.analytics procedures (issue 26).
export {};
