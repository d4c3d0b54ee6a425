import ipaddr from 'ipaddr.js';

type IP = ipaddr.IPv4 | ipaddr.IPv6;

/** Why an address may not receive webhooks, or null when it may (public unicast). */
export type AddressRefusal = string | null;

/**
 * The one classification behind the webhook SSRF guard, at registration and at every delivery
 * attempt (libs/webhooks/src/ssrf-guard.ts is its only caller). An IPv6 address that carries an
 * IPv4 address is refused for whatever its IPv4 address would be refused for: the packet ends up
 * there (a NAT64 gateway, a 6to4 relay or a Teredo relay forwards it), so `[64:ff9b::a00:1]` is
 * 10.0.0.1 as far as the network inside is concerned. Throws nothing: an unparseable address is
 * itself a refusal.
 */
export function classifyAddress(address: string): AddressRefusal {
  const ip = parseAddress(address);
  if (!ip) return `${address.slice(0, 64)} is not an IP address`;
  if (ip.kind() === 'ipv4') return refusalOfIPv4(ip as ipaddr.IPv4);
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded === 'refused') return `${v6.toString()} is in ${v6.range()}, a local-use translation prefix`;
  if (embedded.length > 0) {
    for (const v4 of embedded) {
      const why = refusalOfIPv4(v4);
      if (why) return `${v6.toString()} carries ${why}`;
    }
    return null; // the translated destination is public
  }
  const range = v6.range();
  return range === 'unicast' ? null : `${v6.toString()} is ${range}`;
}

/**
 * Every IPv4 address an IPv6 address embeds, by the standard that defines the form. The WHATWG URL
 * parser and getaddrinfo leave all of these as IPv6, so nothing upstream has unwrapped them.
 * 64:ff9b:1::/48 (RFC 8215) is for a network's own translator, with the IPv4 address at a position
 * that network chooses: it is 'refused' outright rather than guessed at.
 */
export function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4[] | 'refused' {
  const p = ip.parts;
  const last32 = () => v4(p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff);
  // RFC 4291 §2.5.5: IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d
  // (which includes :: and ::1, whose embedded 0.0.0.0 and 0.0.0.1 are refused as unspecified).
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && (p[5] === 0xffff || p[5] === 0)) return [last32()];
  // RFC 6145/7915 IPv4-translated ::ffff:0:a.b.c.d.
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0xffff && p[5] === 0) return [last32()];
  // RFC 6052 well-known NAT64 prefix 64:ff9b::/96.
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) return [last32()];
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return 'refused';
  // RFC 3056 6to4: 2002:AABB:CCDD::/48 is AA.BB.CC.DD's network.
  if (p[0] === 0x2002) return [v4(p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff)];
  // RFC 4380 §4 Teredo: 2001:0:<server IPv4>:<flags>:<port>:<client IPv4>, port and client
  // each XORed with all ones ("obfuscated"). Both the relay's server and the client are checked.
  if (p[0] === 0x2001 && p[1] === 0) {
    const server = v4(p[2] >> 8, p[2] & 0xff, p[3] >> 8, p[3] & 0xff);
    const c6 = ~p[6] & 0xffff;
    const c7 = ~p[7] & 0xffff;
    return [v4(c6 >> 8, c6 & 0xff, c7 >> 8, c7 & 0xff), server];
  }
  return [];
}

function refusalOfIPv4(ip: ipaddr.IPv4): AddressRefusal {
  // Anything ipaddr.js does not call plain 'unicast' is refused: private, loopback, linkLocal
  // (169.254.169.254, the cloud metadata address), carrierGradeNat, multicast, broadcast,
  // unspecified, reserved (documentation, benchmarking 198.18/15, 240/4), as112, amt.
  const range = ip.range();
  return range === 'unicast' ? null : `${ip.toString()} (${range})`;
}

/** Parses an address as getaddrinfo, a socket or a URL host gives it (brackets and zone id allowed). */
export function parseAddress(address: string): IP | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // A zone id (fe80::1%eth0, or %25eth0 as a URL spells it) names an interface, not an address.
  const withoutZone = bare.replace(/%(25)?[^%]*$/, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(withoutZone)) return ipaddr.IPv4.parse(withoutZone);
  if (ipaddr.IPv6.isValid(withoutZone)) return ipaddr.IPv6.parse(withoutZone);
  return null;
}

function v4(a: number, b: number, c: number, d: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([a, b, c, d]);
}
