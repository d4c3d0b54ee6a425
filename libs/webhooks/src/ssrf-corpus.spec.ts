import { classifyAddress } from './address-classification';
import { ResolvedAddress, Resolver, SsrfGuard, systemResolver, TargetRefusedError } from './ssrf-guard';

/**
 * The SSRF corpus: every spelling of an inside address we know of, through the same SsrfGuard the
 * token-service runs at registration and the dispatcher at each attempt. Teredo client addresses
 * are the bitwise NOT of the last 32 bits (RFC 4380 §4): 10.0.0.1 is f5ff:fffe, 8.8.8.8 is
 * f7f7:f7f7, 169.254.169.254 is 5601:5601; 4136:e378 is the public server 65.54.227.120.
 */
const dns: Record<string, string[]> = {
  'nat64-metadata.example': ['64:ff9b::a9fe:a9fe'],
  'compat-loopback.example': ['::7f00:1'],
  'sixtofour-private.example': ['2002:c0a8:101::1'],
  'teredo-private.example': ['2001:0:4136:e378:8000:63bf:f5ff:fffe'],
  'zoned-link-local.example': ['fe80::1%eth0'],
  'cgnat.example': ['100.64.12.34'],
  'benchmark.example': ['198.18.0.1'],
  'public-and-ula.example': ['2606:4700::1111', 'fc00::1'],
  'public.example': ['93.184.215.14', '2606:4700::6810:84e5'],
  'nat64-public.example': ['64:ff9b::808:808'],
  'hooks.internal': ['10.20.30.40'],
};
const resolver: Resolver = async (hostname) => {
  const found = dns[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const REFUSED: string[] = [
  // IPv4 loopback in the shorthand forms the WHATWG parser accepts
  'http://127.0.0.1/', 'http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f000001/', 'http://127.1/',
  'http://0x7f.0.0.1/', 'http://017700000001/', 'http://127.000.000.001/', 'http://%31%32%37.0.0.1/', 'http://127.255.255.254/',
  // IPv6 forms that embed loopback or private IPv4
  'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[0:0:0:0:0:ffff:7f00:1]/', 'http://[::127.0.0.1]/', 'http://[::7f00:1]/',
  'http://[::ffff:0:7f00:1]/', 'http://[64:ff9b::10.0.0.1]/', 'http://[64:ff9b::7f00:1]/', 'http://[64:ff9b:1::a00:1]/', 'http://[64:ff9b:1:ffff::8.8.8.8]/',
  'http://[2002:c0a8:0101::]/', 'http://[2002:7f00:1::1]/', 'http://[2002:a00:1::]/',
  'http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/', 'http://[2001::4136:e378:8000:63bf:80ff:fffe]/', 'http://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/',
  // the cloud metadata address, every way
  'http://169.254.169.254/', 'http://0xa9fea9fe/', 'http://2852039166/', 'http://0251.0376.0251.0376/', 'http://0xa9.0xfe.0xa9.0xfe/',
  'http://169.254.43518/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
  'http://[::169.254.169.254]/', 'http://[64:ff9b::169.254.169.254]/', 'http://[2002:a9fe:a9fe::]/', 'http://[2001:0:4136:e378:8000:63bf:5601:5601]/',
  'http://[::ffff:0:a9fe:a9fe]/', 'http://[fd00:ec2::254]/',
  // other ranges
  'http://[fe80::1%25eth0]/', 'http://[fe80::1]/', 'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://[::]/', 'http://[::1]/',
  'http://[ff02::1]/', 'http://[fec0::1]/', 'http://[2001:db8::1]/', 'http://[100::1]/', 'http://0.0.0.0/', 'http://0/', 'http://0.1.2.3/',
  'http://10.0.0.1/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://100.64.0.1/', 'http://100.127.255.254/', 'http://224.0.0.1/',
  'http://239.255.255.250/', 'http://255.255.255.255/', 'http://192.0.2.1/', 'http://198.51.100.7/', 'http://203.0.113.9/', 'http://198.18.0.1/',
  'http://198.19.255.1/', 'http://240.0.0.1/', 'http://192.0.0.8/',
  // host names whose answers include any of the above
  'http://localhost/', 'http://nat64-metadata.example/', 'http://compat-loopback.example/', 'http://sixtofour-private.example/',
  'http://teredo-private.example/', 'http://zoned-link-local.example/', 'http://cgnat.example/', 'http://benchmark.example/',
  'http://public-and-ula.example/',
];

const ALLOWED: string[] = [
  'http://8.8.8.8/', 'http://134744072/', 'http://0x8080808/', 'http://010.010.010.010/', 'http://8.8.2056/', 'http://[::ffff:8.8.8.8]/',
  'http://[::ffff:808:808]/', 'http://[2606:4700::1111]/', 'http://[2606:4700:4700::1111]:8443/', 'http://[64:ff9b::8.8.8.8]/',
  'http://[2002:808:808::1]/', 'http://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/', 'https://public.example/hooks', 'https://nat64-public.example/',
];

describe('SSRF corpus', () => {
  // localhost goes through the real system resolver; everything else through the table.
  const guard = new SsrfGuard([], (host) => (host === 'localhost' ? systemResolver(host) : resolver(host)));

  it('has at least 60 spellings', () => {
    expect(REFUSED.length + ALLOWED.length).toBeGreaterThanOrEqual(60);
  });

  it.each(REFUSED)('refuses %s', async (url) => {
    await expect(guard.vet(url)).rejects.toBeInstanceOf(TargetRefusedError);
  });

  it.each(ALLOWED)('allows %s', async (url) => {
    await expect(guard.vet(url)).resolves.toMatchObject({ url: expect.any(URL) });
  });

  it('names the embedded address in the refusal of a wrapping form', async () => {
    await expect(guard.vet('http://[64:ff9b::10.0.0.1]/')).rejects.toThrow(/carries 10\.0\.0\.1 \(private\)/);
    await expect(guard.vet('http://[2001:0:4136:e378:8000:63bf:5601:5601]/')).rejects.toThrow(/169\.254\.169\.254 \(linkLocal\)/);
  });

  it('classifies addresses as a socket or resolver reports them', () => {
    expect(classifyAddress('fe80::1%eth0')).toMatch(/linkLocal/);
    expect(classifyAddress('::ffff:127.0.0.1')).toMatch(/loopback/);
    expect(classifyAddress('[::1]')).toMatch(/0\.0\.0\.1/);
    expect(classifyAddress('not-an-ip')).toMatch(/not an IP address/);
    expect(classifyAddress('8.8.8.8')).toBeNull();
    expect(classifyAddress('::ffff:8.8.8.8')).toBeNull();
  });

  it('checks the connected peer with the same classification', async () => {
    const target = await guard.vet('http://[64:ff9b::8.8.8.8]/');
    expect(() => guard.checkConnected(target, '64:ff9b::808:808')).not.toThrow();
    expect(() => guard.checkConnected({ ...target, address: '::7f00:1' }, '::7f00:1')).toThrow(TargetRefusedError);
  });

  describe('WEBHOOK_ALLOWED_TARGETS still opens what the operator lists', () => {
    const allowed = new SsrfGuard(['10.0.0.0/8', 'hooks.internal', '169.254.169.254'], resolver);

    it.each([
      'http://10.1.2.3/', 'http://[::ffff:10.1.2.3]/', 'http://[64:ff9b::10.0.0.1]/', 'http://hooks.internal/', 'http://169.254.169.254/',
    ])('allows %s', async (url) => {
      await expect(allowed.vet(url)).resolves.toMatchObject({ url: expect.any(URL) });
    });

    it.each(['http://192.168.0.1/', 'http://[::127.0.0.1]/', 'http://[2002:c0a8:101::]/', 'http://169.254.169.253/'])('still refuses %s', async (url) => {
      await expect(allowed.vet(url)).rejects.toBeInstanceOf(TargetRefusedError);
    });
  });
});
