// The deployment files hold what docs/operations/deploy.md promises: nothing listens beyond the machine it runs on,
// no password is written down, the image runs as an unprivileged user, and every command the compose file gives the
// image is one its entry point knows, running files that exist. Read as text (YAML, Dockerfile, shell): no Docker needed.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  profiles?: string[];
  ports?: (string | number | { host_ip?: string; published?: string | number; target?: number })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  network_mode?: string;
}

// `merge: true` resolves the `<<: *anchor` keys Compose understands.
const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);

/** A service's environment as pairs, from either of Compose's two forms. */
function environment(service: Service): [string, string][] {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return env.map((entry) => [entry.split("=")[0]!, entry.slice(entry.indexOf("=") + 1)]);
  return Object.entries(env).map(([key, value]) => [key, String(value ?? "")]);
}

/** `${NAME:?message}`: Compose refuses to start without NAME, and there is no fallback value. */
const REQUIRED_VARIABLE = /^\$\{([A-Z_][A-Z0-9_]*):\?[^}]+\}$/;
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY/i;
/** The password part of `scheme://user:password@host…`. */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]+:(.*)@[^@]+$/i;

describe("docker-compose.yml", () => {
  it("publishes every port on 127.0.0.1 only", () => {
    expect(services.length).toBeGreaterThan(0);
    for (const [name, service] of services) {
      expect(service.network_mode, `${name} uses the host's network`).not.toBe("host");
      for (const port of service.ports ?? []) {
        // Short syntax: "IP:HOST:CONTAINER"; without the IP it listens on every interface. Long syntax: host_ip.
        const hostIp = typeof port === "object" ? port.host_ip : String(port).split(":").length === 3 ? String(port).split(":")[0] : "";
        expect(hostIp, `${name} publishes ${JSON.stringify(port)} beyond this machine`).toBe("127.0.0.1");
      }
    }
  });

  it("takes every password and secret from .env, required, with no fallback", () => {
    let checked = 0;
    for (const [name, service] of services) {
      for (const [key, value] of environment(service)) {
        if (SECRET_NAME.test(key)) {
          checked++;
          expect(value, `${name}: ${key} must be \${${key}:?…}`).toMatch(REQUIRED_VARIABLE);
        }
        const password = URL_PASSWORD.exec(value)?.[1];
        if (password !== undefined) {
          checked++;
          expect(password, `${name}: ${key} carries a password`).toMatch(REQUIRED_VARIABLE);
        }
      }
    }
    // Non-vacuity: the database password, the URL the apps connect with, the auth secret, the first admin's password.
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("gives the apps the password the database was started with", () => {
    const variableOf = (value: string | undefined) => REQUIRED_VARIABLE.exec(value ?? "")?.[1];
    const postgres = compose.services.postgres;
    expect(postgres, "a postgres service").toBeDefined();
    const serverPassword = variableOf(environment(postgres!).find(([key]) => key === "POSTGRES_PASSWORD")?.[1]);
    expect(serverPassword).toBeDefined();
    const urls = services.flatMap(([, s]) => environment(s).filter(([key]) => key === "DATABASE_URL"));
    expect(urls.length).toBeGreaterThan(0);
    for (const [, url] of urls) expect(variableOf(URL_PASSWORD.exec(url)?.[1])).toBe(serverPassword);
  });

  it("runs the whole product from the image in the app profile, after the database is healthy and migrated", () => {
    const apps = services.filter(([, service]) => service.build !== undefined);
    expect(apps.map(([name]) => name).sort()).toEqual(["admin", "migrate", "web", "worker"]);
    for (const [name, service] of apps) {
      expect(service.profiles, name).toContain("app");
      const dependsOn = service.depends_on as Record<string, { condition?: string }>;
      expect(dependsOn.postgres?.condition, `${name} waits for postgres`).toBe("service_healthy");
      if (name !== "migrate") expect(dependsOn.migrate?.condition, `${name} waits for migrate`).toBe("service_completed_successfully");
    }
    // `npm start`'s zero-dependency path needs none of this: the database service alone is outside every profile.
    expect(compose.services.postgres?.profiles).toBeUndefined();
  });
});

/** The Dockerfile's instructions, continuation lines joined and comments dropped, grouped by stage. */
function dockerfileStages(text: string): { keyword: string; args: string }[][] {
  const instructions = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
  const stages: { keyword: string; args: string }[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

describe("Dockerfile", () => {
  const stages = existsSync(join(ROOT, "Dockerfile")) ? dockerfileStages(read("Dockerfile")) : [];

  it("builds in one stage and runs in another, on Node 24", () => {
    expect(stages.length, "a multi-stage Dockerfile").toBeGreaterThanOrEqual(2);
    expect(read("Dockerfile")).toMatch(/node:24/);
  });

  it("runs its final stage as an unprivileged user", () => {
    const users = stages.at(-1)?.filter((i) => i.keyword === "USER") ?? [];
    expect(users.length, "a USER in the final stage").toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(":")[0];
    expect(["", "root", "0"]).not.toContain(user);
  });

  it("writes no secret into the image", () => {
    expect(stages.flat().length).toBeGreaterThan(0);
    for (const instruction of stages.flat()) {
      if (instruction.keyword === "ENV" || instruction.keyword === "ARG") expect(instruction.args).not.toMatch(SECRET_NAME);
    }
  });

  it("starts through the entry point", () => {
    const entrypoint = stages.at(-1)?.find((i) => i.keyword === "ENTRYPOINT");
    expect(entrypoint?.args).toContain("docker/entrypoint.sh");
  });
});

describe("docker/entrypoint.sh", () => {
  const path = join(ROOT, "docker/entrypoint.sh");
  const script = existsSync(path) ? readFileSync(path, "utf8") : "";
  /** Each `case` branch: its labels and the file it runs, from the directory it changes to. */
  const branches = [...script.matchAll(/^ {2}([^\n()]+)\)\n([\s\S]*?)^ {4};;/gm)].map((match) => ({
    labels: match[1]!.split("|").map((label) => label.trim()),
    body: match[2]!,
  }));

  it("is valid POSIX shell", () => {
    expect(script).not.toBe("");
    execFileSync("sh", ["-n", path]);
  });

  it("knows every command the compose file gives the image", () => {
    const known = branches.flatMap((branch) => branch.labels);
    for (const command of ["web", "admin", "worker", "migrate", "seed", "lore"]) expect(known).toContain(command);
    for (const [name, service] of services.filter(([, s]) => s.build !== undefined)) {
      const command = Array.isArray(service.command) ? service.command[0] : service.command?.split(" ")[0];
      expect(known, `${name}'s command`).toContain(command);
    }
  });

  it("runs files that exist in the repository", () => {
    let checked = 0;
    for (const branch of branches) {
      const dir = /^\s*cd (\S+)$/m.exec(branch.body)?.[1] ?? ".";
      for (const [file] of branch.body.matchAll(/[\w./-]+\.ts\b/g)) {
        checked++;
        expect(existsSync(join(ROOT, dir, file)), `${branch.labels.join("|")} runs ${join(dir, file)}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

describe(".dockerignore", () => {
  it("keeps secrets, local data and installed dependencies out of the build context", () => {
    const patterns = existsSync(join(ROOT, ".dockerignore"))
      ? read(".dockerignore")
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line && !line.startsWith("#"))
      : [];
    for (const required of [".env", ".data", "**/node_modules", ".git", ".tools"]) expect(patterns).toContain(required);
    // The only .env file let back in is the documented example.
    expect(patterns.filter((p) => p.startsWith("!"))).toEqual(patterns.filter((p) => p === "!.env.example"));
  });
});

describe("operator documentation", () => {
  it("tells no one to use the old lore/lore database password", () => {
    const docs = [
      "README.md",
      ".env.example",
      ...readdirSync(join(ROOT, "docs/operations"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/operations/${f}`),
    ];
    const offending = docs.flatMap((doc) =>
      read(doc)
        .split("\n")
        .filter((line) => line.includes("//lore:lore@"))
        .map((line) => `${doc}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
