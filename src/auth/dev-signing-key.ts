import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

export interface DevSigningKey {
  kid: string;
  privateKey: SigningKey;
  publicJwk: JWK;
}

const ALG = 'ES256';

/**
 * Development only: a local ES256 key under DATA_DIR signs tokens for demo professionals, so the API can be
 * tried without an identity provider. Created on first use, kept with mode 600.
 */
export function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  return loadOrCreateSigningKey(dataDir, 'dev-signing-key.json', 'dev');
}

/**
 * An ES256 key kept in `fileName` under DATA_DIR, generated on first use (mode 600; a concurrent first use by
 * another process keeps the file that was written first). Callers decide whether a generated key is acceptable.
 */
export async function loadOrCreateSigningKey(dataDir: string, fileName: string, kidPrefix: string): Promise<DevSigningKey> {
  const file = path.join(dataDir, fileName);
  if (!existsSync(file)) {
    await fs.mkdir(dataDir, { recursive: true });
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = `${kidPrefix}-${Date.now().toString(36)}`;
    await fs.writeFile(file, JSON.stringify({ ...jwk, kid, alg: ALG }), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return importSigningKey(JSON.parse(await fs.readFile(file, 'utf8')) as JWK & { kid: string });
}

/** A private EC JWK (stored or configured) as signing key plus the public half for verification. */
export async function importSigningKey(stored: JWK & { kid?: string }, fallbackKid = 'configured'): Promise<DevSigningKey> {
  const privateKey = await importJWK(stored, ALG);
  const { d: _private, ...publicJwk } = stored;
  const kid = stored.kid ?? fallbackKid;
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, use: 'sig', alg: ALG } };
}

export const DEV_ALG = ALG;
