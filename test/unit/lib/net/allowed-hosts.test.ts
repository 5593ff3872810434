import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../../lib/config';
import { isAllowedHost, parseAllowedHosts, refusePersonUrl } from '../../../../lib/net';

test('entries are host names or IPs with an optional port, normalised the way URLs are', () => {
  const { hosts, problems } = parseAllowedHosts(' gw.internal , LLM.Corp.Example:8443, 10.0.0.5, 127.1:8080, [FD00:0::5]:443, fd00::6 ');
  expect(problems).toEqual([]);
  expect(hosts).toEqual([
    { host: 'gw.internal' },
    { host: 'llm.corp.example', port: 8443 },
    { host: '10.0.0.5' },
    { host: '127.0.0.1', port: 8080 },
    { host: 'fd00::5', port: 443 },
    { host: 'fd00::6' },
  ]);
});

test('a host without a port allows every port; with a port, only that one', () => {
  const { hosts } = parseAllowedHosts('gw.internal,10.0.0.5:8443,[fd00::5]');
  expect(isAllowedHost(hosts, 'GW.internal.', 80)).toBe(true);
  expect(isAllowedHost(hosts, 'gw.internal', 9999)).toBe(true);
  expect(isAllowedHost(hosts, '10.0.0.5', 8443)).toBe(true);
  expect(isAllowedHost(hosts, '10.0.0.5', 443)).toBe(false);
  expect(isAllowedHost(hosts, '[fd00::5]', 443)).toBe(true);
  expect(isAllowedHost(hosts, 'fd00::5', 80)).toBe(true);
  expect(isAllowedHost(hosts, 'other.internal', 80)).toBe(false);
  expect(isAllowedHost(hosts, 'sub.gw.internal', 80)).toBe(false); // no wildcards
});

test('anything else is named as a problem', () => {
  const { problems } = parseAllowedHosts('http://gw.internal,gw.internal/v1,gw:0,gw:99999,user@gw,[::1');
  expect(problems).toHaveLength(6);
  expect(problems[0]).toBe('"http://gw.internal" is not a host name or IP address with an optional :port (e.g. gw.internal or 10.0.0.5:8443)');
});

test('WARDEN_ALLOWED_PRIVATE_HOSTS is read by loadConfig, which names a bad entry and stops', () => {
  const env = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/warden', WARDEN_MASTER_KEY: randomBytes(32).toString('base64'), WARDEN_SERVICE_TOKEN: 'x'.repeat(40) };
  expect(loadConfig(env).outbound.allowedPrivateHosts).toEqual([]);
  expect(loadConfig({ ...env, WARDEN_ALLOWED_PRIVATE_HOSTS: 'gw.internal:8080' }).outbound.allowedPrivateHosts).toEqual([{ host: 'gw.internal', port: 8080 }]);
  let error: unknown;
  try {
    loadConfig({ ...env, WARDEN_ALLOWED_PRIVATE_HOSTS: 'gw.internal,https://x/' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([
    'WARDEN_ALLOWED_PRIVATE_HOSTS: "https://x/" is not a host name or IP address with an optional :port (e.g. gw.internal or 10.0.0.5:8443)',
  ]);
});

describe('a person-given URL on its face (what the key modal checks before sealing)', () => {
  const none = parseAllowedHosts('').hosts;
  const gateway = parseAllowedHosts('10.0.0.5:8080,localhost').hosts;

  test('public https passes; the connect-time check decides about names', () => {
    expect(refusePersonUrl('https://api.groq.com/openai/v1', none)).toBeUndefined();
  });

  test('plain http is refused unless the host is allowlisted', () => {
    expect(refusePersonUrl('http://api.groq.com/openai/v1', none)?.message).toBe(
      'Warden does not call api.groq.com over plain http: give an https:// URL (http is allowed only for hosts in WARDEN_ALLOWED_PRIVATE_HOSTS).',
    );
    expect(refusePersonUrl('http://10.0.0.5:8080/v1', gateway)).toBeUndefined();
    expect(refusePersonUrl('http://localhost:11434/v1', gateway)).toBeUndefined();
  });

  test('a literal private, loopback or metadata host is refused, naming the host and why, with a coded error', () => {
    const loopback = refusePersonUrl('https://127.0.0.1:8443/v1?key=sk-proj-abcdefghijklmnopqrstuvwxyz012345', none);
    expect(loopback).toMatchObject({ code: 'warden_url_refused', host: '127.0.0.1:8443' });
    expect(loopback?.message).toBe(
      "Warden does not call 127.0.0.1:8443: it is a loopback address (this machine). Give the provider's public https URL, or an operator can allow a self-hosted gateway's host in WARDEN_ALLOWED_PRIVATE_HOSTS.",
    );
    expect(loopback?.message).not.toContain('sk-proj'); // the path and query are never echoed
    expect(refusePersonUrl('https://10.0.0.5/v1', none)?.message).toContain('it is a private-network address');
    expect(refusePersonUrl('https://10.0.0.5:9090/v1', gateway)?.message).toContain('it is a private-network address'); // another port
    expect(refusePersonUrl('https://[fd00::1]/v1', none)?.message).toContain('it is a private (unique-local) IPv6 address');
    expect(refusePersonUrl('https://localhost/v1', none)?.message).toContain('it is a loopback address');
    expect(refusePersonUrl('https://0x7f.1/v1', none)?.message).toContain('Warden does not call 127.0.0.1');
  });

  test('the metadata service is refused even when allowlisted', () => {
    const allowed = parseAllowedHosts('169.254.169.254,metadata.google.internal').hosts;
    expect(refusePersonUrl('http://169.254.169.254/latest/meta-data/', allowed)?.message).toBe(
      'Warden does not call 169.254.169.254: it is a cloud metadata service address.',
    );
    expect(refusePersonUrl('http://metadata.google.internal/computeMetadata/v1/', allowed)?.message).toContain('cloud metadata');
  });
});
