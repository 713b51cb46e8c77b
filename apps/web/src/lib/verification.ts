/**
 * What a bundle verification says, arranged for a person: the signing key's fingerprint (to
 * compare with the one the organisation publishes) and the facts of the summary as rows. The
 * verifier nests some facts (`key.fingerprint`, `log.treeSize`, `case.name`); the contract names
 * flat ones (`keyFingerprint`, `checkpointSize`); both are read. Pure, so node tests cover it.
 */

export interface VerificationFacts {
  readonly fingerprint: string | null;
  readonly keyName: string | null;
  /** [label key under `verify.summary.`, value as text] */
  readonly rows: ReadonlyArray<readonly [string, string]>;
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** the rows shown, in this order, when present */
const ORDER = ['items', 'events', 'bundleId', 'createdAt', 'case', 'purpose', 'recipient', 'checkpointSize', 'logOrigin', 'rootHash', 'keyId', 'keySource', 'bytes', 'moreProblems'] as const;

export function verificationFacts(summary: unknown): VerificationFacts {
  const s = record(summary) ?? {};
  const key = record(s.key) ?? record(s.bundleKey);
  const log = record(s.log);
  const kase = record(s.case);
  const values: Record<(typeof ORDER)[number], string | null> = {
    items: num(s.items)?.toString() ?? null,
    events: num(s.events)?.toString() ?? null,
    bundleId: str(s.bundleId),
    createdAt: str(s.createdAt),
    case: str(kase?.name) ?? str(kase?.id),
    purpose: str(s.purpose),
    recipient: str(s.recipient),
    checkpointSize: (num(s.checkpointSize) ?? num(log?.treeSize))?.toString() ?? null,
    logOrigin: str(log?.origin),
    rootHash: str(log?.rootHash),
    keyId: str(key?.keyId),
    keySource: str(s.keySource),
    bytes: (num(s.bytes) ?? num(s.fileBytes))?.toString() ?? null,
    moreProblems: num(s.moreProblems) ? String(s.moreProblems) : null,
  };
  return {
    fingerprint: str(s.keyFingerprint) ?? str(key?.fingerprint),
    keyName: str(key?.name),
    rows: ORDER.flatMap((name) => (values[name] === null ? [] : [[name, values[name]!] as const])),
  };
}
