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
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const file = path.join(dataDir, 'dev-signing-key.json');
  if (!existsSync(file)) {
    await fs.mkdir(dataDir, { recursive: true });
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = `dev-${Date.now().toString(36)}`;
    await fs.writeFile(file, JSON.stringify({ ...jwk, kid, alg: ALG }), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const stored = JSON.parse(await fs.readFile(file, 'utf8')) as JWK & { kid: string };
  const privateKey = await importJWK(stored, ALG);
  const { d: _private, ...publicJwk } = stored;
  return { kid: stored.kid, privateKey, publicJwk: { ...publicJwk, use: 'sig', alg: ALG } };
}

export const DEV_ALG = ALG;
