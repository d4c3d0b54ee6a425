import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

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
 * the host resolves to (checked at every attempt) must be public unicast unless the operator
 * listed the host, IP or CIDR in WEBHOOK_ALLOWED_TARGETS. The caller connects to `address`
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
    if (!remoteAddress || !ipaddr.isValid(remoteAddress)) throw new TargetRefusedError('connected to an unknown address');
    const same = ipaddr.process(remoteAddress).toNormalizedString() === ipaddr.process(target.address).toNormalizedString();
    if (!same) throw new TargetRefusedError('connected to an address other than the vetted one');
    if (!target.hostAllowed) this.checkAddress(remoteAddress);
  }

  private checkAddress(address: string): void {
    if (!ipaddr.isValid(address)) throw new TargetRefusedError(`resolved to an unparseable address`);
    // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it carries.
    const ip = ipaddr.process(address);
    if (this.allowedRanges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return;
    const range = ip.range();
    // Only plain public unicast is allowed: this also refuses NAT64, 6to4 and Teredo, which embed IPv4.
    if (range !== 'unicast') throw new TargetRefusedError(`${ip.toString()} is ${range}`);
  }
}

function normaliseCidr(ip: ipaddr.IPv4 | ipaddr.IPv6, bits: number): Cidr {
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(ip as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [ip, bits];
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
