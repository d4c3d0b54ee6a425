import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { classifyAddress, embeddedIPv4, parseAddress } from './address-classification';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has (injectable so tests need no DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A target that must not be contacted: permanent, retrying cannot help. Never carries the URL. */
export class TargetRefusedError extends Error {
  constructor(reason: string) {
    super(`webhook target refused: ${reason}`);
    this.name = 'TargetRefusedError';
  }
}

/** A URL that passed the guard, and the one address the request must connect to. */
export interface VettedTarget {
  url: URL;
  /** url.hostname without IPv6 brackets. */
  hostname: string;
  address: string;
  family: 4 | 6;
  /** The host name itself is in WEBHOOK_ALLOWED_TARGETS (its addresses are not checked). */
  hostAllowed: boolean;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * SSRF guard for outbound webhooks: http(s) only, no credentials in the URL, and every address
 * the host resolves to (checked at every attempt) must pass classifyAddress unless the operator
 * listed the host, IP or CIDR in WEBHOOK_ALLOWED_TARGETS. The token-service's registration check
 * and the dispatcher's every attempt and every connected socket all go through this class. The caller connects to `address`
 * itself, so DNS rebinding between this check and the connect cannot switch the target.
 */
export class SsrfGuard {
  private readonly allowedHosts = new Set<string>();
  private readonly allowedRanges: Cidr[] = [];

  constructor(allowedTargets: readonly string[], private readonly resolve: Resolver = systemResolver) {
    for (const entry of allowedTargets.map((e) => e.trim()).filter(Boolean)) {
      if (ipaddr.isValidCIDR(entry)) {
        const [ip, bits] = ipaddr.parseCIDR(entry);
        this.allowedRanges.push(normaliseCidr(ip, bits));
      } else if (isIP(stripBrackets(entry))) {
        const ip = ipaddr.process(stripBrackets(entry));
        this.allowedRanges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
      } else {
        this.allowedHosts.add(normaliseHost(entry));
      }
    }
  }

  async vet(rawUrl: string): Promise<VettedTarget> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new TargetRefusedError('not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefusedError(`scheme ${url.protocol} is not http(s)`);
    if (url.username || url.password) throw new TargetRefusedError('URL carries credentials');

    // The WHATWG parser has already turned 0x7f000001, 2130706433, 0177.1 etc. into dotted quads.
    const hostname = stripBrackets(url.hostname);
    const literal = isIP(hostname);
    const addresses: ResolvedAddress[] = literal ? [{ address: hostname, family: literal === 6 ? 6 : 4 }] : await this.resolve(hostname);
    if (addresses.length === 0) throw new Error('DNS lookup returned no address');

    const hostAllowed = !literal && this.allowedHosts.has(normaliseHost(hostname));
    // Every address must pass, or a resolver answering one public and one private address wins.
    for (const { address } of addresses) {
      if (!hostAllowed) this.checkAddress(address);
    }
    const [first] = addresses;
    return { url, hostname, address: first.address, family: first.family, hostAllowed };
  }

  /**
   * After the connect: the socket's peer must be the vetted address (the pinned lookup makes it so;
   * this catches anything that bypassed it, e.g. a proxy or an agent reusing another socket) and
   * still pass the address check. Throws TargetRefusedError otherwise.
   */
  checkConnected(target: VettedTarget, remoteAddress: string | undefined): void {
    const connected = parseAddress(remoteAddress ?? '');
    const vetted = parseAddress(target.address);
    if (!remoteAddress || !connected || !vetted) throw new TargetRefusedError('connected to an unknown address');
    // A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d: compare what the two addresses are.
    const same = unmapped(connected).toNormalizedString() === unmapped(vetted).toNormalizedString();
    if (!same) throw new TargetRefusedError('connected to an address other than the vetted one');
    if (!target.hostAllowed) this.checkAddress(remoteAddress);
  }

  /** Refuses an address unless the operator allowed it (or the IPv4 address it carries) or classifyAddress passes it. */
  private checkAddress(address: string): void {
    const ip = parseAddress(address);
    if (!ip) throw new TargetRefusedError('resolved to an unparseable address');
    const embedded = ip.kind() === 'ipv6' ? embeddedIPv4(ip as ipaddr.IPv6) : [];
    const candidates = [ip, ...(embedded === 'refused' ? [] : embedded)];
    if (candidates.some((c) => this.allowedRanges.some(([net, bits]) => net.kind() === c.kind() && c.match(net, bits)))) return;
    const refusal = classifyAddress(address);
    if (refusal) throw new TargetRefusedError(refusal);
  }
}

function normaliseCidr(ip: ipaddr.IPv4 | ipaddr.IPv6, bits: number): Cidr {
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(ip as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [ip, bits];
}

function unmapped(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
