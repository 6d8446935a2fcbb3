/**
 * Who is on the other end of a request. By default the TCP peer: a client can write any `X-Forwarded-For` it
 * likes, so believing it would let one guesser rotate addresses past the sign-in rate limit and put any address
 * in the audit log. Behind reverse proxies listed in LORE_TRUSTED_PROXIES, the forwarded chain is walked from
 * the right (the hop nearest to us) past trusted proxies, and the first address no proxy of ours vouches for is
 * the client. Node's own `net.BlockList` matches addresses and CIDR ranges.
 */
import { BlockList, isIP } from "node:net";

/** `::ffff:192.0.2.1` (IPv4 seen through an IPv6 socket) is `192.0.2.1`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/**
 * Parses LORE_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (`10.0.0.5, 10.1.0.0/16, ::1`).
 * Empty = trust no proxy. Throws on an entry that is neither, naming it.
 */
export function parseTrustedProxies(value: string | undefined): BlockList | null {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > maxBits))) {
      throw new Error(`LORE_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (like 10.0.0.0/8).`);
    }
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** True when `address` is one of the trusted proxies. */
export function isTrusted(list: BlockList | null, address: string): boolean {
  if (!list) return false;
  address = normalizeAddress(address);
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address for a request that came from `peer` (the socket's remote address) carrying
 * `forwardedFor` (the X-Forwarded-For header, if any).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: BlockList | null): string {
  const direct = normalizeAddress(peer ?? "");
  if (!trusted || !isTrusted(trusted, direct)) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalizeAddress)
    .filter(Boolean);
  // Right to left: each trusted hop vouches for the address before it.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return direct; // garbage where an address should be: believe only the socket
    if (!isTrusted(trusted, hop)) return hop;
  }
  // Every hop is one of ours (or there was no header): the leftmost is as far as the chain goes.
  return hops[0] ?? direct;
}
