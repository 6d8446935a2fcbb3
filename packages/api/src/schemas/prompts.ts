// Input schemas of the admin.prompts procedures (issue 26).
export {};
