// analytics (issue 26): filled in by the admin console work.
export {};
