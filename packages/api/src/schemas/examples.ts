// Input schemas of the admin.examples procedures (issue 26).
export {};
