/**
 * Which addresses nkru may fetch from. A URL typed in Slack is a request made from the
 * server, inside its network: only public unicast addresses are fetched, checked after
 * DNS resolution and again on every redirect. Loopback, private, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and transition
 * ranges (6to4, Teredo, IPv4-mapped) are refused unless FETCH_ALLOW_HOSTS names them.
 *
 * Decimal, hexadecimal and IPv6 spellings of an address are the same address here: the
 * URL parser normalises IPv4 forms ("2130706433", "0x7f.1") and ipaddr.js unwraps
 * IPv4-mapped IPv6 ("::ffff:127.0.0.1") before the range is judged.
 */
import ipaddr from "ipaddr.js";
import { failed, ok, type Result } from "../result.js";

export interface AddressPolicy {
  /** Hostnames, addresses and CIDR ranges that may be fetched although not public (FETCH_ALLOW_HOSTS). */
  readonly allow: readonly string[];
}

export const PUBLIC_ONLY: AddressPolicy = { allow: [] };

/** The URL a user typed, if nkru may try it at all: http(s), no credentials, a host. */
export function parseFetchUrl(raw: string): Result<URL> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return failed("bad_url", `"${raw.trim().slice(0, 200)}" is not a web address`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return failed("bad_url", `only http and https addresses can be added, not ${url.protocol.replace(/:$/, "")}`);
  }
  if (url.username || url.password) return failed("bad_url", "addresses with a user name or password are refused");
  if (!url.hostname) return failed("bad_url", "the address has no host");
  url.hash = "";
  return ok(url);
}

/** The address without brackets, as ipaddr.js and the resolver want it. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

function normalised(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const parsed = ipaddr.parse(address);
    return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : parsed;
  } catch {
    return null;
  }
}

function allowedByList(host: string, address: ipaddr.IPv4 | ipaddr.IPv6, policy: AddressPolicy): boolean {
  for (const entry of policy.allow) {
    const e = entry
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, "");
    if (!e) continue;
    if (e === host) return true;
    if (e.includes("/")) {
      try {
        const [range, bits] = ipaddr.parseCIDR(e);
        const a = range.kind() === address.kind() ? address : null;
        if (a?.match([range, bits] as never)) return true;
      } catch {
        // not a range: compared as a name above
      }
      continue;
    }
    const listed = normalised(e);
    if (listed && listed.kind() === address.kind() && listed.toString() === address.toString()) return true;
  }
  return false;
}

/**
 * Whether `address` (what `host` resolved to, or the host itself when it is an address)
 * may be connected to. The reason names the kind of address, never more.
 */
export function checkAddress(host: string, address: string, policy: AddressPolicy): Result<void> {
  const parsed = normalised(address);
  if (!parsed) return failed("refused_address", `${host} did not resolve to an address`);
  if (allowedByList(host, parsed, policy)) return ok(undefined);
  const range = parsed.range();
  if (range === "unicast") return ok(undefined);
  const kind: Record<string, string> = {
    loopback: "this machine (loopback)",
    private: "a private network",
    uniqueLocal: "a private network",
    linkLocal: "a link-local address (such as cloud metadata)",
    carrierGradeNat: "a carrier-grade NAT range",
    multicast: "a multicast address",
    unspecified: "an unspecified address",
    broadcast: "a broadcast address",
  };
  return failed(
    "refused_address",
    `${host} points to ${kind[range] ?? `a ${range} address`}; nkru only fetches public addresses`,
  );
}
