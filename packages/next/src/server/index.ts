// The apps' Node server (see ./serve): `apps/<app>/server.ts` calls serveApp with the app's own limits.
export { KB, MB, type BodyLimits } from "./body-limits";
export { serveApp, type AppServerOptions } from "./serve";
