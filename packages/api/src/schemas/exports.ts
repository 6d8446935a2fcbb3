// Input schemas of the admin.exports procedures (issue 26).
export {};
