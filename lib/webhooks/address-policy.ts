import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Addresses a webhook must not reach unless the operator allows it: a callback URL is
// chosen by an API client, and without this rule it could make the server probe its own
// network (SSRF): the database, Chroma, a cloud metadata endpoint.
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) reaches the IPv4 address: judge that.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  const family = isIP(bare);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return blocked.check(bare, family === 4 ? "ipv4" : "ipv6");
}

export class WebhookAddressRefused extends Error {}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a host and returns the addresses to connect to, in the resolver's order. Every
 * address the name resolves to must be public (unless allowed), so a name that mixes a
 * public and a private address cannot be used to reach the private one.
 */
export async function resolveWebhookHost(hostname: string, { allowPrivate }: { allowPrivate: boolean }): Promise<[ResolvedAddress, ...ResolvedAddress[]]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(bare);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: bare, family: literal as 4 | 6 }]
    : (await lookup(bare, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  if (addresses.length === 0) throw new WebhookAddressRefused(`${hostname} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new WebhookAddressRefused(`${hostname} resolves to ${bad.address}, a private, loopback or link-local address`);
  }
  return addresses as [ResolvedAddress, ...ResolvedAddress[]];
}
