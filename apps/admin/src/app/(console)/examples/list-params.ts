import type { RouterInputs } from "@lore/api";

export type ExampleFilter = "" | "pinned" | "enabled" | "disabled" | "stale";

/** The list's input from the URL (?q=&tag=&show=), so a filtered view can be shared and survives a reload. */
export function exampleListInput(params: URLSearchParams): RouterInputs["admin"]["examples"]["list"] {
  const show = (params.get("show") ?? "") as ExampleFilter;
  return {
    ...(params.get("q") ? { query: params.get("q")! } : {}),
    ...(params.get("tag") ? { tag: params.get("tag")! } : {}),
    ...(show === "pinned" ? { pinned: true } : {}),
    ...(show === "enabled" ? { enabled: true } : {}),
    ...(show === "disabled" ? { enabled: false } : {}),
    ...(show === "stale" ? { stale: true } : {}),
    limit: 50,
  };
}
