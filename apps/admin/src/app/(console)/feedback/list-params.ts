import type { RouterInputs } from "@lore/api";

export const STATUSES = { new: "To handle", dismissed: "Dismissed", converted: "Turned into examples" } as const;
export type Status = keyof typeof STATUSES;

/** The inbox's input from the URL's ?status= (plain module: the server page prefetches with it too). */
export function inboxInput(status: string): RouterInputs["admin"]["feedback"]["list"] {
  return { status: status in STATUSES ? (status as Status) : "new", limit: 25 };
}
