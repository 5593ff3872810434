import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. Only its SHA-256 is stored: a database reader cannot rebuild a working link. */
export function newDownloadToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashDownloadToken(token) };
}

export function hashDownloadToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const DOWNLOAD_PATH_PREFIX = '/v1/dsar/downloads/';
