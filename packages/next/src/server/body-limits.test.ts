import { describe, expect, it } from "vitest";
import { bodyLimitFor, KB, MB, refuseBody, type BodyLimits } from "./body-limits";

const limits: BodyLimits = {
  auth: 64 * KB,
  other: 1 * MB,
  uploads: [
    { paths: ["/api/uploads"], maxBytes: 101 * MB },
    { trpcProcedures: ["documents.upload"], maxBytes: 140 * MB },
  ],
};

const post = (url: string, headers: Record<string, string>) => ({ url, headers });

describe("bodyLimitFor", () => {
  it("gives each route its cap", () => {
    expect(bodyLimitFor("/api/auth/sign-in/email", limits)).toBe(64 * KB);
    expect(bodyLimitFor("/api/trpc/admin.users.list", limits)).toBe(1 * MB);
    expect(bodyLimitFor("/api/trpc/documents.upload", limits)).toBe(140 * MB);
    expect(bodyLimitFor("/api/trpc/health.ping,documents.upload", limits)).toBe(140 * MB);
    expect(bodyLimitFor("/api/uploads", limits)).toBe(101 * MB);
    expect(bodyLimitFor("/api/uploadsX", limits)).toBe(1 * MB);
    expect(bodyLimitFor("/c/123", limits)).toBe(1 * MB);
    expect(bodyLimitFor("/api/uploads", { auth: 1, other: 2 })).toBe(2);
  });
});

describe("refuseBody", () => {
  it("refuses a body over its route's cap from the Content-Length alone", () => {
    expect(refuseBody(post("/api/auth/sign-in/email", { "content-length": String(64 * KB + 1) }), limits)).toEqual({
      status: 413,
      message: "The request is 64 KB, more than the 64 KB this address accepts.",
    });
    expect(refuseBody(post("/api/auth/sign-in/email", { "content-length": String(64 * KB) }), limits)).toBeNull();
    expect(refuseBody(post("/api/trpc/documents.upload", { "content-length": String(100 * MB) }), limits)).toBeNull();
    expect(refuseBody(post("/api/trpc/admin.users.list?batch=1", { "content-length": String(2 * MB) }), limits)?.status).toBe(413);
  });

  it("refuses bodies of unknown length, and accepts requests without a body", () => {
    expect(refuseBody(post("/api/trpc/x", { "transfer-encoding": "chunked" }), limits)?.status).toBe(411);
    expect(refuseBody(post("/api/trpc/x", { "content-length": "lots" }), limits)?.status).toBe(411);
    expect(refuseBody({ url: "/", headers: {} }, limits)).toBeNull();
  });
});
