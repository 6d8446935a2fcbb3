import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedProxies } from "./client-address";

describe("clientAddress", () => {
  it("believes only the socket when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("192.0.2.1", "198.51.100.7", null)).toBe("192.0.2.1");
    expect(clientAddress("::ffff:192.0.2.1", ["198.51.100.7", "10.0.0.1"], null)).toBe("192.0.2.1");
    expect(clientAddress("192.0.2.1", undefined, null)).toBe("192.0.2.1");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddress("192.0.2.1", "198.51.100.7", trusted)).toBe("192.0.2.1");
  });

  it("walks the chain from the right past trusted proxies", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32");
    // A client spoofing "1.2.3.4" in front of its real address (appended by our proxy) is still its real address.
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9", trusted)).toBe("198.51.100.7");
    expect(clientAddress("2001:db8::1", "2001:db9::5", trusted)).toBe("2001:db9::5");
    // Only proxies in the chain: the leftmost address is as far as it goes.
    expect(clientAddress("10.0.0.2", "10.0.0.3", trusted)).toBe("10.0.0.3");
    expect(clientAddress("10.0.0.2", undefined, trusted)).toBe("10.0.0.2");
    // Not an address where one should be: the socket.
    expect(clientAddress("10.0.0.2", "1.2.3.4, not-an-ip", trusted)).toBe("10.0.0.2");
  });

  it("normalizes IPv4 seen through an IPv6 socket", () => {
    expect(normalizeAddress(" ::ffff:127.0.0.1 ")).toBe("127.0.0.1");
    expect(normalizeAddress("::1")).toBe("::1");
  });
});

describe("parseTrustedProxies", () => {
  it("is off when empty", () => {
    expect(parseTrustedProxies(undefined)).toBeNull();
    expect(parseTrustedProxies(" , ")).toBeNull();
  });

  it.each(["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "::1/129", "10.0.0.0/x"])("refuses %s, naming it", (entry) => {
    expect(() => parseTrustedProxies(`127.0.0.1, ${entry}`)).toThrowError(`"${entry}"`);
  });
});
