import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";

import { describeError } from "./trpc-errors";

function clientError(message: string, data?: unknown) {
  const error = new TRPCClientError(message);
  Object.defineProperty(error, "data", { value: data });
  return error;
}

describe("describeError", () => {
  it("passes on messages the API writes for people", () => {
    expect(describeError(clientError('A group named "hr" already exists.', { code: "CONFLICT" }))).toBe(
      'A group named "hr" already exists.',
    );
  });

  it("explains validation errors with the first field message", () => {
    const error = clientError("[zod]", {
      code: "BAD_REQUEST",
      zodError: { formErrors: [], fieldErrors: { name: ["A group name needs at least 2 characters."] } },
    });
    expect(describeError(error)).toBe("A group name needs at least 2 characters.");
  });

  it("hides unexpected server errors", () => {
    const message = describeError(clientError('relation "groups" does not exist', { code: "INTERNAL_SERVER_ERROR" }));
    expect(message).not.toContain("relation");
    expect(message).toMatch(/something went wrong/i);
  });

  it("explains lost access and network failures", () => {
    expect(describeError(clientError("x", { code: "FORBIDDEN" }))).toMatch(/admin role/);
    expect(describeError(clientError("Failed to fetch"))).toMatch(/could not be reached/);
    expect(describeError(new Error("boom"))).toMatch(/something went wrong/i);
  });
});
