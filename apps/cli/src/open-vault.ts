/**
 * The evidence vault of the data folder: `<data>/vault`, sealed under the master key from
 * ARIADNE_VAULT_KEY (servers) or `<data>/vault.key` (created, mode 0600, on first use).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Vault, loadMasterKey } from '@ariadne/evidence';
import type { CliConfig } from './config.ts';

export async function openVault(config: CliConfig): Promise<Vault> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const { key } = await loadMasterKey({ base64: config.vaultKey ?? undefined, keyFile: join(config.dataDir, 'vault.key') });
  return Vault.open({ dir: join(config.dataDir, 'vault'), masterKey: key });
}

/** where bundles are built and kept for download */
export function bundleDirOf(config: CliConfig): string {
  return join(config.dataDir, 'bundles');
}
