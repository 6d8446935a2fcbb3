// First-load JavaScript of a route from a `next build`: the chunks Next lists for the route in
// .next/diagnostics/route-bundle-stats.json (the framework runtime, the root layout's chunks and the route's own
// entry chunks: what the browser fetches before the page is interactive, not chunks loaded later on demand),
// each gzipped here (level 9, as a CDN or `compression` middleware would serve it) and summed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface RouteStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

export interface FirstLoad {
  route: string;
  chunks: number;
  rawKB: number;
  gzipKB: number;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Reads the build's per-route chunk lists; `appDir` holds the .next folder. */
export function firstLoadJs(appDir: string, routes: string[]): FirstLoad[] {
  const file = join(appDir, ".next/diagnostics/route-bundle-stats.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`next build\` in ${appDir} first`);
  const stats = JSON.parse(readFileSync(file, "utf8")) as RouteStats[];
  return routes.map((route) => {
    const entry = stats.find((s) => s.route === route);
    if (!entry) throw new Error(`the build has no route ${route} (routes: ${stats.map((s) => s.route).join(", ")})`);
    const paths = entry.firstLoadChunkPaths.map((p) => join(appDir, p));
    const raw = paths.reduce((sum, p) => sum + readFileSync(p).length, 0);
    const gzip = paths.reduce((sum, p) => sum + gzipSize(p), 0);
    return { route, chunks: paths.length, rawKB: kb(raw), gzipKB: kb(gzip) };
  });
}
