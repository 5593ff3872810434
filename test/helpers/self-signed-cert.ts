import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway self-signed certificate for localhost, 127.0.0.1 and any extra names, made with the
 * openssl CLI, so tests can speak real TLS to a local server and trust it through a CA option
 * rather than by turning certificate checks off.
 */
export function selfSignedLocalhostCert(extraNames: string[] = []): { cert: string; key: string } {
  const san = ['DNS:localhost', ...extraNames.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-cert-'));
  try {
    const keyPath = path.join(dir, 'key.pem');
    const certPath = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=localhost', '-addext', `subjectAltName=${san}`, '-keyout', keyPath, '-out', certPath],
      { stdio: 'pipe' },
    );
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
