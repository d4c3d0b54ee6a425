import { ResolvedAddress, Resolver, SsrfGuard, TargetRefusedError } from './ssrf-guard';

/** A resolver stub: a fixed table of names, and a record of what was asked. */
function stubResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const found = table[hostname.replace(/\.$/, '')]; // like DNS, a trailing dot is the root
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

const dns = {
  'hooks.example.com': ['93.184.215.14'],
  'v6.example.com': ['2606:4700::6810:84e5'],
  'localhost': ['127.0.0.1', '::1'],
  'internal.example.com': ['10.1.2.3'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.215.14', '192.168.1.10'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'hooks.internal': ['10.20.30.40'],
};

describe('SsrfGuard', () => {
  const guard = new SsrfGuard([], stubResolver(dns));

  it.each([
    ['ftp scheme', 'ftp://hooks.example.com/x'],
    ['file scheme', 'file:///etc/passwd'],
    ['gopher scheme', 'gopher://hooks.example.com/'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['credentials', 'https://user:pass@hooks.example.com/'],
    ['username only', 'https://user@hooks.example.com/'],
    ['not a URL', 'hooks.example.com/webhook'],
    ['loopback', 'http://127.0.0.1/'],
    ['loopback elsewhere in 127/8', 'http://127.3.4.5:8080/'],
    ['hex integer', 'http://0x7f000001/'],
    ['decimal integer', 'http://2130706433/'],
    ['octal', 'http://017700000001/'],
    ['short form', 'http://127.1/'],
    ['dotted hex', 'http://0x7f.0x0.0x0.0x1/'],
    ['percent-encoded', 'http://%31%32%37.0.0.1/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6, hex form', 'http://[::ffff:7f00:1]/'],
    ['IPv4-mapped metadata address', 'http://[::ffff:169.254.169.254]/'],
    ['unspecified', 'http://0.0.0.0/'],
    ['unspecified shorthand', 'http://0/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['RFC1918 10/8', 'http://10.0.0.1/'],
    ['RFC1918 172.16/12', 'http://172.31.255.1/'],
    ['RFC1918 192.168/16', 'http://192.168.0.1/'],
    ['link-local', 'http://169.254.1.1/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['multicast', 'http://224.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['reserved 240/4', 'http://240.0.0.1/'],
    ['TEST-NET', 'http://192.0.2.1/'],
    ['IPv6 ULA', 'http://[fd00::1]/'],
    ['IPv6 ULA fc00', 'http://[fc00::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]/'],
    ['6to4 of a private address', 'http://[2002:c0a8:1::1]/'],
    ['name resolving to loopback', 'http://localhost:3000/'],
    ['name resolving to RFC1918', 'https://internal.example.com/hook'],
    ['name resolving to metadata', 'http://metadata.example.com/'],
    ['name resolving to mapped loopback', 'http://mapped.example.com/'],
    ['name with one private address among public ones', 'https://mixed.example.com/'],
  ])('refuses %s', async (_label, url) => {
    await expect(guard.vet(url)).rejects.toBeInstanceOf(TargetRefusedError);
  });

  it('allows a public IPv4 address given by the resolver and returns it for the connect', async () => {
    const target = await guard.vet('https://hooks.example.com/webhooks?x=1');
    expect(target).toMatchObject({ hostname: 'hooks.example.com', address: '93.184.215.14', family: 4 });
    expect(target.url.pathname).toBe('/webhooks');
  });

  it('allows a public IPv6 address and a public literal', async () => {
    await expect(guard.vet('https://v6.example.com/')).resolves.toMatchObject({ address: '2606:4700::6810:84e5', family: 6 });
    await expect(guard.vet('http://[2606:4700::1]:8443/')).resolves.toMatchObject({ hostname: '2606:4700::1', address: '2606:4700::1', family: 6 });
    await expect(guard.vet('http://8.8.8.8/')).resolves.toMatchObject({ address: '8.8.8.8', family: 4 });
  });

  it('checks the address a socket actually connected to', async () => {
    const target = await guard.vet('https://hooks.example.com/');
    expect(() => guard.checkConnected(target, '93.184.215.14')).not.toThrow();
    expect(() => guard.checkConnected(target, '::ffff:93.184.215.14')).not.toThrow();
    expect(() => guard.checkConnected(target, '127.0.0.1')).toThrow(TargetRefusedError);
    expect(() => guard.checkConnected(target, '93.184.215.15')).toThrow(TargetRefusedError);
    expect(() => guard.checkConnected(target, undefined)).toThrow(TargetRefusedError);
    const allowed = new SsrfGuard(['hooks.internal'], stubResolver(dns));
    expect(() => allowed.checkConnected({ ...target, address: '10.20.30.40', hostAllowed: true }, '10.20.30.40')).not.toThrow();
  });

  it('resolves the host again on every call (no cached verdict)', async () => {
    const resolver = stubResolver(dns);
    const g = new SsrfGuard([], resolver);
    await g.vet('https://hooks.example.com/');
    await g.vet('https://hooks.example.com/');
    expect(resolver.calls).toEqual(['hooks.example.com', 'hooks.example.com']);
  });

  it('refuses a host whose DNS answer changes to a private address between attempts', async () => {
    const table: Record<string, string[]> = { 'rebind.example.com': ['93.184.215.14'] };
    const g = new SsrfGuard([], stubResolver(table));
    await expect(g.vet('https://rebind.example.com/')).resolves.toMatchObject({ address: '93.184.215.14' });
    table['rebind.example.com'] = ['127.0.0.1'];
    await expect(g.vet('https://rebind.example.com/')).rejects.toBeInstanceOf(TargetRefusedError);
  });

  it('lets DNS failures through as ordinary (retryable) errors', async () => {
    const err = await guard.vet('https://nxdomain.example.com/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TargetRefusedError);
  });

  it('never puts the URL (which may carry a secret) in the refusal message', async () => {
    const err = (await guard.vet('http://127.0.0.1/hook?token=s3cr3t').catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain('s3cr3t');
    expect(err.message).toContain('loopback');
  });

  describe('WEBHOOK_ALLOWED_TARGETS', () => {
    it('allows an exact IP, including its IPv4-mapped and numeric forms, and nothing next to it', async () => {
      const g = new SsrfGuard(['127.0.0.1'], stubResolver(dns));
      await expect(g.vet('http://127.0.0.1:4000/')).resolves.toMatchObject({ address: '127.0.0.1' });
      await expect(g.vet('http://2130706433:4000/')).resolves.toMatchObject({ address: '127.0.0.1' });
      await expect(g.vet('http://[::ffff:127.0.0.1]:4000/')).resolves.toMatchObject({ family: 6 });
      await expect(g.vet('http://127.0.0.2/')).rejects.toBeInstanceOf(TargetRefusedError);
      await expect(g.vet('http://[::1]/')).rejects.toBeInstanceOf(TargetRefusedError);
    });

    it('allows a CIDR', async () => {
      const g = new SsrfGuard(['10.0.0.0/8', 'fd00::/8'], stubResolver(dns));
      await expect(g.vet('https://internal.example.com/')).resolves.toMatchObject({ address: '10.1.2.3' });
      await expect(g.vet('http://10.255.0.1/')).resolves.toMatchObject({ address: '10.255.0.1' });
      await expect(g.vet('http://[fd12::1]/')).resolves.toMatchObject({ address: 'fd12::1' });
      await expect(g.vet('http://192.168.0.1/')).rejects.toBeInstanceOf(TargetRefusedError);
      await expect(g.vet('http://[fc00::1]/')).rejects.toBeInstanceOf(TargetRefusedError);
    });

    it('allows a hostname (case and trailing dot ignored) but not its address under another name', async () => {
      const g = new SsrfGuard(['Hooks.Internal'], stubResolver({ ...dns, 'other.internal': ['10.20.30.40'] }));
      await expect(g.vet('http://hooks.internal/')).resolves.toMatchObject({ address: '10.20.30.40' });
      await expect(g.vet('http://HOOKS.internal./')).resolves.toMatchObject({ address: '10.20.30.40' });
      await expect(g.vet('http://other.internal/')).rejects.toBeInstanceOf(TargetRefusedError);
      await expect(g.vet('http://10.20.30.40/')).rejects.toBeInstanceOf(TargetRefusedError);
    });

    it('still refuses non-http schemes and credentials for allowed targets', async () => {
      const g = new SsrfGuard(['127.0.0.1', 'hooks.internal'], stubResolver(dns));
      await expect(g.vet('ftp://127.0.0.1/')).rejects.toBeInstanceOf(TargetRefusedError);
      await expect(g.vet('http://a:b@hooks.internal/')).rejects.toBeInstanceOf(TargetRefusedError);
    });
  });
});
