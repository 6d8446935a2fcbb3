// Input schemas of the admin.feedback-inbox procedures (issue 26).
export {};
