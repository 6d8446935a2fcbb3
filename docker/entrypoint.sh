#!/bin/sh
# The Lore image's entry point: its first argument says which part of Lore this container runs.
#
#   web       the employee chat on port 3000        admin     the admin console on port 3001
#   worker    the job worker (imports, re-embedding, hourly maintenance); run as many as you like
#   migrate   apply pending database migrations, then exit
#   seed      create the first prompt and the first admin (ADMIN_EMAIL / ADMIN_PASSWORD) if missing, then exit
#   setup     migrate, then seed: what the compose file's one-off `migrate` service runs before the others start
#   lore …    the command line, e.g. `lore search "parental leave"` or `lore import /import --group hr`
#   help      this text
# Anything else is run as it is (`sh`, `node -v`), for looking around inside the image.
#
# Every part needs DATABASE_URL; web and admin also BETTER_AUTH_SECRET. The rest is in .env.example.
set -eu

cd "$(dirname "$0")/.."

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

need_database() {
  if [ -z "${DATABASE_URL:-}" ]; then
    echo "lore: DATABASE_URL is not set: point it at a PostgreSQL server with pgvector (docs/operations/deploy.md)." >&2
    exit 64
  fi
}

# `node --import tsx`: one process, which gets the container's signals itself (no wrapper in between).
run_ts() {
  exec node --import tsx "$@"
}

command="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi

case "$command" in
  web)
    need_database
    cd apps/web
    run_ts server.ts --hostname 0.0.0.0 --port 3000
    ;;
  admin)
    need_database
    cd apps/admin
    run_ts server.ts --hostname 0.0.0.0 --port 3001
    ;;
  worker)
    need_database
    run_ts apps/worker/src/main.ts
    ;;
  migrate)
    need_database
    run_ts packages/db/src/cli/migrate.ts
    ;;
  seed)
    need_database
    run_ts packages/db/src/cli/seed.ts
    ;;
  setup)
    need_database
    node --import tsx packages/db/src/cli/migrate.ts
    run_ts packages/db/src/cli/seed.ts
    ;;
  lore)
    case "${1:---help}" in -h | --help | help) ;; *) need_database ;; esac
    run_ts apps/cli/src/main.ts "$@"
    ;;
  help | --help | -h)
    usage
    ;;
  *)
    exec "$command" "$@"
    ;;
esac
