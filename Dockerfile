# One image for every part of Lore on a PostgreSQL server; its command picks the part (docker/entrypoint.sh):
#   web | admin | worker | migrate | seed | setup (migrate, then seed) | lore <command…>
# Build: `docker build -t lore:local .` (or `docker compose --profile app build`). Run it with DATABASE_URL and the
# settings of .env.example; docker-compose.yml and docs/operations/deploy.md show how.
#
# The workspace runs its TypeScript through tsx, so the image keeps the sources and the installed dependencies;
# the apps' production builds (.next) are made here. `npm start` on a machine without Docker stays the other path.

ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1
WORKDIR /app

# ── build: dependencies, the Prisma client and the two Next.js builds ────────────────────────────────────────────
FROM base AS build
# pnpm at the exact version of package.json's "packageManager" (the field is an npm package spec: pnpm@x.y.z).
COPY package.json ./
RUN npm install --global --no-audit --no-fund "$(node -p 'require("./package.json").packageManager')"
# Packages come from the lockfile alone, so this layer is rebuilt only when the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=lore-pnpm-store,target=/pnpm-store \
    pnpm fetch --store-dir=/pnpm-store
COPY . .
RUN --mount=type=cache,id=lore-pnpm-store,target=/pnpm-store \
    pnpm install --offline --frozen-lockfile --store-dir=/pnpm-store --package-import-method=copy
# `build` generates the Prisma client first (turbo.json). Settings are read when the apps start, not now: Next.js
# loads the server modules while building, so they get an address that is never dialled and a throwaway secret,
# both gone with this step.
RUN SKIP_ENV_VALIDATION=1 \
    DATABASE_URL=postgresql://build@127.0.0.1:1/build \
    BETTER_AUTH_SECRET="$(node -p 'require("node:crypto").randomBytes(32).toString("hex")')" \
    pnpm turbo run build --filter=@lore/web --filter=@lore/admin \
    && rm -rf .turbo node_modules/.cache apps/web/.next/cache apps/admin/.next/cache

# ── runtime ─────────────────────────────────────────────────────────────────────────────────────────────────────────
FROM base AS runtime
ENV NODE_ENV=production
# The code belongs to root and is read-only to the app; Next.js may write only its runtime cache.
COPY --from=build /app /app
RUN mkdir -p apps/web/.next/cache apps/admin/.next/cache \
    && chown -R 1000:1000 apps/web/.next/cache apps/admin/.next/cache
# The base image's unprivileged `node` user, by number so that orchestrators can check it is not root.
USER 1000:1000
EXPOSE 3000 3001
ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]
CMD ["web"]
