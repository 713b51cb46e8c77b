/**
 * The content of a verified package, read and held to the agreement before anything is stored.
 * Each kind carries its own members: a `data` package one `entities.ftm.jsonl` (FtM entities, one
 * JSON object a line) and evidence bundles or alerts only when the terms let them travel; an
 * `mla-request` its request, covers and evidence bundles (when the terms allow evidence), each
 * bundle listed in the request with the same hash; a `revocation` at most a notice. A data
 * package's alerts (`alerts.json`, `ariadne-alerts/1`) must keep to their format and name as
 * subjects only entities of the same package; they are kept as received (the route remaps their
 * subjects to our ids when it reads them). Anything else
 * is refused: `exceeds-agreement` for what the terms do not allow (with the first violations,
 * named by id, schema and property, never by value), `malformed-member` for what cannot be read.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isAriadneError, type AriadneModel, type EntityData } from '@ariadne/schema';
import {
  ALERTS_PATH, checkAlertsConformance, checkConformance, MLA_REQUEST_PATH, mlaEvidenceMemberPath, PackageRefused, readMlaRequest,
  type AgreementTerms, type MlaRequest, type OpenedPackage, type PackageMember,
} from '@ariadne/sharing';
import type { BundleCheck } from './bundle-verification.ts';

export const ENTITIES_PATH = 'entities.ftm.jsonl';
/** violations quoted in a refusal's detail */
const VIOLATIONS_SHOWN = 5;

export interface KeptMember {
  readonly path: string;
  readonly role: PackageMember['role'];
  readonly sha256: string;
  readonly bytes: number;
  /** an evidence bundle's verification on receipt (absent for other members) */
  readonly verification?: BundleCheck;
}

export interface IncomingContent {
  /** the partner's entities, in the partner's ids, conforming to the terms */
  readonly entities: readonly EntityData[];
  /** the request of an `mla-request` package */
  readonly mla: MlaRequest | null;
  /** members kept beside the import (evidence bundles, MLA request and covers, alerts) */
  readonly kept: readonly KeptMember[];
}

function exceeds(detail: string): PackageRefused {
  return new PackageRefused('exceeds-agreement', detail);
}

/** which roles each kind may carry under these terms */
function allowedRoles(kind: OpenedPackage['manifest']['kind'], terms: AgreementTerms): ReadonlySet<PackageMember['role']> {
  const evidence: PackageMember['role'][] = terms.evidence ? ['evidence-bundle'] : [];
  switch (kind) {
    case 'data': return new Set(['entities', ...evidence, ...(terms.alerts ? ['alerts' as const] : [])]);
    case 'mla-request': return new Set(['mla-request', 'mla-cover', ...evidence]);
    case 'revocation': return new Set(['notice']);
  }
}

async function readEntities(file: string): Promise<EntityData[]> {
  const entities: EntityData[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new PackageRefused('malformed-member', `Line ${number} of ${ENTITIES_PATH} is not JSON.`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PackageRefused('malformed-member', `Line ${number} of ${ENTITIES_PATH} is not a JSON object.`);
    entities.push(value as EntityData);
  }
  return entities;
}

function checkEntities(entities: readonly EntityData[], terms: AgreementTerms, model: AriadneModel): void {
  const violations = checkConformance(entities, terms, model);
  if (violations.length === 0) return;
  const shown = violations.slice(0, VIOLATIONS_SHOWN).map((v) => `${v.id}: ${v.reason}`).join('; ');
  const more = violations.length > VIOLATIONS_SHOWN ? ` (and ${violations.length - VIOLATIONS_SHOWN} more)` : '';
  throw exceeds(`${violations.length} violation${violations.length === 1 ? '' : 's'} of the terms: ${shown}${more}.`);
}

/** the alerts member, when there is one: JSON, in its format, about entities of the package */
async function checkAlerts(opened: OpenedPackage, entities: readonly EntityData[]): Promise<void> {
  const members = [...opened.members].filter(([, m]) => m.role === 'alerts');
  if (members.length === 0) return;
  if (members.length > 1 || members[0]![0] !== ALERTS_PATH) throw new PackageRefused('malformed-member', `A data package carries its alerts in one member, ${ALERTS_PATH}.`);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(members[0]![1].file, 'utf8'));
  } catch {
    throw new PackageRefused('malformed-member', `${ALERTS_PATH} is not JSON.`);
  }
  const violations = checkAlertsConformance(doc, new Set(entities.map((entity) => entity.id)));
  if (violations.length === 0) return;
  const shown = violations.slice(0, VIOLATIONS_SHOWN).map((v) => `${v.id}: ${v.reason}`).join('; ');
  const more = violations.length > VIOLATIONS_SHOWN ? ` (and ${violations.length - VIOLATIONS_SHOWN} more)` : '';
  throw exceeds(`${violations.length} violation${violations.length === 1 ? '' : 's'} in ${ALERTS_PATH}: ${shown}${more}.`);
}

async function readRequest(opened: OpenedPackage): Promise<MlaRequest> {
  const member = opened.members.get(MLA_REQUEST_PATH);
  if (!member || member.role !== 'mla-request') throw new PackageRefused('malformed-member', `An MLA package carries its request as ${MLA_REQUEST_PATH}.`);
  let request: MlaRequest;
  try {
    request = readMlaRequest(await readFile(member.file));
  } catch (error) {
    if (!isAriadneError(error)) throw error;
    // a request that breaks the format (a victim by name, say) is refused whole; fields named, never values
    if (error.code === 'VALIDATION_FAILED') throw exceeds(`The MLA request breaks its format at ${Object.keys(error.details ?? {}).slice(0, VIOLATIONS_SHOWN).join(', ')}.`);
    throw new PackageRefused('malformed-member', `${MLA_REQUEST_PATH} is not UTF-8 JSON.`);
  }
  const bundles = [...opened.members].filter(([, m]) => m.role === 'evidence-bundle');
  const listed = new Map(request.evidence.map((e) => [mlaEvidenceMemberPath(e), e.sha256]));
  for (const [path, member] of bundles) {
    if (listed.get(path) !== member.sha256) throw exceeds(`Evidence member ${path} is not listed in the MLA request with its hash.`);
  }
  if (listed.size !== bundles.length) throw new PackageRefused('malformed-member', 'An evidence bundle the MLA request lists is missing from the package.');
  return request;
}

/** reads and checks the package's members against the agreement's terms; throws `PackageRefused` */
export async function readIncoming(opened: OpenedPackage, terms: AgreementTerms, model: AriadneModel): Promise<IncomingContent> {
  const { manifest } = opened;
  if (manifest.kind !== 'revocation' && manifest.purpose !== terms.purpose) {
    throw exceeds(`It was sent for ${manifest.purpose}; the agreement is for ${terms.purpose}.`);
  }
  const roles = allowedRoles(manifest.kind, terms);
  for (const [path, member] of opened.members) {
    if (!roles.has(member.role)) throw exceeds(`Member ${path} (${member.role}) is not allowed in a ${manifest.kind} package under these terms.`);
  }
  let entities: EntityData[] = [];
  const entityMembers = [...opened.members].filter(([, m]) => m.role === 'entities');
  if (entityMembers.length > 1 || (entityMembers.length === 1 && entityMembers[0]![0] !== ENTITIES_PATH)) {
    throw new PackageRefused('malformed-member', `A data package carries its entities in one member, ${ENTITIES_PATH}.`);
  }
  if (entityMembers.length === 1) {
    entities = await readEntities(entityMembers[0]![1].file);
    checkEntities(entities, terms, model);
  }
  await checkAlerts(opened, entities);
  const mla = manifest.kind === 'mla-request' ? await readRequest(opened) : null;
  const kept = [...opened.members].filter(([, m]) => m.role !== 'entities').map(([path, m]) => ({ path, role: m.role, sha256: m.sha256, bytes: m.bytes }));
  return { entities, mla, kept };
}

const INDEX = 'members.json';

/** moves the kept members of an imported package to `<incomingDir>/<package id>/`, with an index (which holds each bundle's verification) */
export async function keepMembers(opened: OpenedPackage, kept: readonly KeptMember[], incomingDir: string): Promise<void> {
  if (kept.length === 0) return;
  const dir = join(incomingDir, opened.manifest.packageId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const index: (KeptMember & { file: string })[] = [];
  for (const [i, member] of kept.entries()) {
    const file = `member-${String(i).padStart(5, '0')}`;
    await rename(opened.members.get(member.path)!.file, join(dir, file));
    index.push({ ...member, file });
  }
  await writeFile(join(dir, INDEX), JSON.stringify(index), { mode: 0o600 });
}

/** the members kept for an imported package (empty when none, or purged) */
export async function keptMembers(incomingDir: string, packageId: string): Promise<(KeptMember & { readonly file: string })[]> {
  try {
    const index = JSON.parse(await readFile(join(incomingDir, packageId, INDEX), 'utf8')) as (KeptMember & { file: string })[];
    return index.map((m) => ({ ...m, file: join(incomingDir, packageId, m.file) }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
