/** Users and groups: the rules the admin console enforces (the last admin, group guards). */
export {};
