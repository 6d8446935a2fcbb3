// Input schemas of the admin.inspector procedures (issue 26).
export {};
