/**
 * The sharing side's keys and folders. A deployment gives the server its identity (the CLI's
 * `serve` loads `<data>/sharing.key`) and a folder; without them the server makes an ephemeral
 * identity and a temporary folder, both gone when it closes: packages sent then cannot be
 * answered after a restart, which the log says once. Every folder is private (mode 0700):
 * outgoing packages are encrypted, but what incoming ones keep (MLA requests, evidence bundles)
 * and what is unpacked while checking are not.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLocalIdentity, type LocalIdentity } from '@ariadne/sharing';
import type { SharingDeps } from '../config.ts';

export interface SharingSetup {
  readonly identity: LocalIdentity;
  /** `<dir>/outgoing/<package id>.ariadne-share` */
  readonly outgoingDir: string;
  /** `<dir>/incoming/<package id>/`: the members an imported package keeps besides its entities */
  readonly incomingDir: string;
  /** bodies being received and packages being unpacked */
  readonly workDir: string;
  /** true when the server made the identity itself */
  readonly ephemeral: boolean;
  /** removes the temporary folder of an ephemeral setup */
  close(): Promise<void>;
}

async function privateDir(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
  return path;
}

export async function openSharing(given: SharingDeps | undefined, instanceName: string): Promise<SharingSetup> {
  const ephemeral = given === undefined;
  const dir = given?.dir ?? await mkdtemp(join(tmpdir(), 'ariadne-sharing-'));
  await privateDir(dir);
  const identity = given?.identity ?? await generateLocalIdentity(instanceName);
  return {
    identity,
    outgoingDir: await privateDir(join(dir, 'outgoing')),
    incomingDir: await privateDir(join(dir, 'incoming')),
    workDir: await privateDir(join(dir, 'work')),
    ephemeral,
    close: async () => {
      if (ephemeral) await rm(dir, { recursive: true, force: true });
    },
  };
}
