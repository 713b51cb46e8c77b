/**
 * Sharing packages end to end: Alpha writes a signed package encrypted to Beta, Beta opens it;
 * every way a package can be wrong is refused with its precise reason and leaves no extracted
 * file behind; and the pure checks of a package against its agreement, one by one. Gamma is a
 * third party. All parties and data are synthetic.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { AriadneError } from '@ariadne/schema/errors';
import { REFUSAL_REASONS, type LocalIdentity, type PackageManifest, type RefusalReason } from '../src/types.ts';
import {
  canonicalManifestBytes, checkPackageAgainstAgreement, encryptToFile, generateLocalIdentity, openPackage, PackageRefused, publicIdentity,
  refusalSentence, signManifestBytes, writePackage, type AgreementForCheck, type ManifestDraft, type OpenPackageOptions,
} from '../src/package/index.ts';
import { TAR_END, tarHeader, tarPadding } from '../src/package/tar.ts';

let alpha: LocalIdentity;
let beta: LocalIdentity;
let gamma: LocalIdentity;

before(async () => {
  alpha = await generateLocalIdentity('Testland FIU Alpha');
  beta = await generateLocalIdentity('Testland NGO Beta');
  gamma = await generateLocalIdentity('Testland Agency Gamma');
});

const CREATED = '2026-05-01T10:00:00.000Z';
const ENTITIES = Buffer.from([
  '{"id":"p-1","schema":"Person","properties":{"name":["Testperson Alpha"]}}',
  '{"id":"p-2","schema":"Person","properties":{"name":["Synthia Example"]}}',
  '',
].join('\n'));

function draft(overrides: Partial<ManifestDraft> = {}): ManifestDraft {
  return {
    kind: 'data', packageId: 'pkg-synthetic-0001', agreementId: 'agr-synthetic-1', termsSha256: 'ab'.repeat(32), purpose: 'investigation',
    sequence: 1, createdAt: CREATED, expiresAt: '2026-06-01T10:00:00.000Z', counts: { entities: 2, pseudonymised: 0 }, ...overrides,
  };
}

function workDirs(): { out: string; temp: string } {
  const root = mkdtempSync(join(tmpdir(), 'ariadne-package-'));
  const temp = join(root, 'extract');
  writeFileSync(join(root, '.keep'), '');
  mkdirSync(temp);
  return { out: join(root, 'package.age'), temp };
}

/** an extraction folder must be left empty by a refusal */
function leftovers(temp: string): string[] {
  return readdirSync(temp);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** opens `file` expecting a refusal for `reason`, and checks nothing was left in the extraction folder */
async function refusedWith(file: string, options: OpenPackageOptions, reason: RefusalReason): Promise<PackageRefused> {
  let caught: unknown;
  try {
    const opened = await openPackage(file, options);
    await opened.dispose();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof PackageRefused, `expected a refusal (${reason}), got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  assert.deepEqual(leftovers(options.tempDir), [], 'a refusal leaves no extracted file');
  return caught;
}

/** a package whose archive we assemble by hand, to make what a correct writer never would */
async function handBuilt(output: string, input: {
  manifest: PackageManifest;
  signer?: Uint8Array;
  entries?: { name: string; data: Uint8Array; declaredSize?: number }[];
  members?: { name: string; data: Uint8Array; declaredSize?: number }[];
  to?: string;
  trailing?: Uint8Array;
}): Promise<void> {
  const manifestBytes = canonicalManifestBytes(input.manifest);
  const entries = input.entries ?? [
    { name: 'manifest.json', data: manifestBytes },
    { name: 'manifest.sig', data: signManifestBytes(manifestBytes, input.signer ?? alpha.signingSeed) },
    ...(input.members ?? []),
  ];
  const mtime = new Date(CREATED);
  async function* tar(): AsyncGenerator<Uint8Array> {
    for (const entry of entries) {
      const size = entry.declaredSize ?? entry.data.length;
      yield tarHeader(entry.name, size, mtime);
      if (entry.declaredSize !== undefined) return; // a header that lies about what follows
      yield entry.data;
      yield tarPadding(size);
    }
    yield TAR_END;
    if (input.trailing) yield input.trailing;
  }
  await encryptToFile(tar(), input.to ?? beta.ageRecipient, output);
}

/** the manifest a correct writer would make for these members, from Alpha to Beta */
function manifestFor(members: { path: string; data: Uint8Array }[], overrides: Partial<PackageManifest> = {}): PackageManifest {
  return {
    format: 'ariadne-share/1', ...draft(), sender: publicIdentity(alpha), recipient: publicIdentity(beta),
    members: members.map((m) => ({ path: m.path, sha256: sha256(m.data), bytes: m.data.length, role: 'entities' as const })),
    ...overrides,
  };
}

const BIG_CHUNK = 1024 * 1024;
const BIG_CHUNKS = 50;

/** 50 MiB of synthetic bytes, produced chunk by chunk, never whole */
async function* bigEvidence(): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < BIG_CHUNKS; i++) yield Buffer.alloc(BIG_CHUNK, i % 251);
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('write and open', () => {
  test('Alpha writes a package to Beta with a 50 MiB member streamed; Beta opens and verifies it', async () => {
    const { out, temp } = workDirs();
    const notice = join(temp, '..', 'notice.txt');
    writeFileSync(notice, 'Synthetic notice for Testland NGO Beta.\n');
    const bigHash = createHash('sha256');
    for await (const chunk of bigEvidence()) bigHash.update(chunk);

    const written = await writePackage({
      manifest: draft(),
      members: [
        { path: 'entities.ftm.jsonl', role: 'entities', source: ENTITIES },
        { path: 'evidence/bundle-0001.tar', role: 'evidence-bundle', source: bigEvidence },
        { path: 'notice.txt', role: 'notice', source: { file: notice } },
      ],
      sender: alpha,
      recipient: publicIdentity(beta),
    }, out);

    const encrypted = readFileSync(out);
    assert.equal(written.sha256, sha256(encrypted));
    assert.equal(written.bytes, encrypted.length);
    assert.ok(!encrypted.includes(Buffer.from('Testperson Alpha')), 'nothing readable in the encrypted file');
    assert.deepEqual(readdirSync(join(out, '..')).filter((name) => name.endsWith('.partial')), [], 'no temporary file left');
    assert.equal(statSync(out).mode & 0o077, 0, 'the package file is private');
    assert.deepEqual(written.manifest.sender, publicIdentity(alpha));
    assert.deepEqual(written.manifest.recipient, publicIdentity(beta));
    assert.deepEqual(written.manifest.members.map((m) => [m.path, m.bytes]), [
      ['entities.ftm.jsonl', ENTITIES.length], ['evidence/bundle-0001.tar', BIG_CHUNK * BIG_CHUNKS], ['notice.txt', 40],
    ]);

    const opened = await openPackage(out, { identity: beta, tempDir: temp });
    assert.deepEqual(opened.manifest, JSON.parse(JSON.stringify(written.manifest)));
    assert.deepEqual(Buffer.from(opened.manifestBytes), Buffer.from(canonicalManifestBytes(written.manifest)));
    assert.equal(opened.sha256, written.sha256);
    assert.equal(opened.bytes, written.bytes);
    assert.deepEqual([...opened.members.keys()], ['entities.ftm.jsonl', 'evidence/bundle-0001.tar', 'notice.txt']);
    const entities = opened.members.get('entities.ftm.jsonl')!;
    assert.deepEqual(readFileSync(entities.file), ENTITIES);
    assert.equal(entities.role, 'entities');
    const big = opened.members.get('evidence/bundle-0001.tar')!;
    assert.equal(big.bytes, BIG_CHUNK * BIG_CHUNKS);
    assert.equal(statSync(big.file).size, BIG_CHUNK * BIG_CHUNKS);
    assert.equal(await fileHash(big.file), bigHash.digest('hex'));
    assert.equal(statSync(big.file).mode & 0o077, 0, 'extracted files are private');
    assert.equal(readFileSync(opened.members.get('notice.txt')!.file, 'utf8'), 'Synthetic notice for Testland NGO Beta.\n');

    await opened.dispose();
    await opened.dispose();
    assert.deepEqual(leftovers(temp), [], 'dispose removes the extracted files');
  });

  test('a package without members, and a revocation with its notice, round-trip', async () => {
    const { out, temp } = workDirs();
    await writePackage({ manifest: draft({ kind: 'revocation', notice: 'Synthetic: the MoU ended.' }), members: [], sender: alpha, recipient: beta }, out);
    const opened = await openPackage(out, { identity: beta, tempDir: temp });
    assert.equal(opened.manifest.kind, 'revocation');
    assert.equal(opened.manifest.notice, 'Synthetic: the MoU ended.');
    assert.equal(opened.members.size, 0);
    await opened.dispose();
  });

  test('a member path of 200 characters (beyond ustar\'s 100) travels through a pax header', async () => {
    const { out, temp } = workDirs();
    const path = `evidence/${'n'.repeat(191)}`;
    await writePackage({ manifest: draft(), members: [{ path, role: 'evidence-bundle', source: ENTITIES }], sender: alpha, recipient: beta }, out);
    const opened = await openPackage(out, { identity: beta, tempDir: temp });
    assert.deepEqual(readFileSync(opened.members.get(path)!.file), ENTITIES);
    await opened.dispose();
  });

  test('the writer refuses unsafe paths, a bad draft and inconsistent identities, writing nothing', async () => {
    const { out } = workDirs();
    const attempts: { input: Parameters<typeof writePackage>[0]; field: string }[] = [
      ...['../outside', '/etc/passwd', 'a\\b', 'a//b', './a', 'manifest.json', `x${'y'.repeat(200)}`, ''].map((path) => ({
        input: { manifest: draft(), members: [{ path, role: 'entities' as const, source: ENTITIES }], sender: alpha, recipient: beta }, field: 'members.0.path',
      })),
      { input: { manifest: draft(), members: [{ path: 'a', role: 'entities', source: ENTITIES }, { path: 'a', role: 'alerts', source: ENTITIES }], sender: alpha, recipient: beta }, field: 'members.1.path' },
      { input: { manifest: draft({ expiresAt: CREATED }), members: [], sender: alpha, recipient: beta }, field: 'expiresAt' },
      { input: { manifest: draft({ createdAt: '1 May 2026' }), members: [], sender: alpha, recipient: beta }, field: 'createdAt' },
      { input: { manifest: draft({ sequence: 0 }), members: [], sender: alpha, recipient: beta }, field: 'sequence' },
      { input: { manifest: draft({ sender: publicIdentity(gamma) }), members: [], sender: alpha, recipient: beta }, field: 'sender' },
      { input: { manifest: draft(), members: [], sender: { ...alpha, signingKey: gamma.signingKey }, recipient: beta }, field: 'sender' },
      { input: { manifest: draft(), members: [], sender: alpha, recipient: { ...publicIdentity(beta), ageRecipient: 'age1invalid' } }, field: 'ageRecipient' },
    ];
    for (const { input, field } of attempts) {
      await assert.rejects(writePackage(input, out), (error: unknown) => {
        assert.ok(error instanceof AriadneError, String(error));
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.ok(field in (error.details ?? {}), `${field} in ${JSON.stringify(error.details)}`);
        return true;
      });
    }
    assert.deepEqual(readdirSync(join(out, '..')), ['.keep', 'extract']);
  });

  test('a member that changes while it is packaged abandons the package', async () => {
    const { out } = workDirs();
    let calls = 0;
    const unstable = async function* (): AsyncGenerator<Uint8Array> {
      calls += 1;
      yield Buffer.from(calls === 1 ? 'first reading' : 'second reading');
    };
    await assert.rejects(
      writePackage({ manifest: draft(), members: [{ path: 'entities.ftm.jsonl', role: 'entities', source: unstable }], sender: alpha, recipient: beta }, out),
      (error: unknown) => error instanceof AriadneError && error.code === 'CONFLICT' && /changed while the package was written/.test(error.message),
    );
    assert.deepEqual(readdirSync(join(out, '..')), ['.keep', 'extract'], 'no package and no temporary file');
  });
});

describe('refusals while opening', () => {
  async function goodPackage(): Promise<{ out: string; temp: string }> {
    const dirs = workDirs();
    await writePackage({
      manifest: draft(),
      members: [{ path: 'entities.ftm.jsonl', role: 'entities', source: ENTITIES }, { path: 'evidence/e.tar', role: 'evidence-bundle', source: Buffer.alloc(200_000, 7) }],
      sender: alpha, recipient: beta,
    }, dirs.out);
    return dirs;
  }

  test('one flipped byte in the encrypted content, or in the header MAC: tampered', async () => {
    const { out, temp } = await goodPackage();
    const original = readFileSync(out);
    const payload = Buffer.from(original);
    payload[payload.length - 1000]! ^= 0x01;
    writeFileSync(out, payload);
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'tampered')).detail, /encrypted content does not authenticate/);
    const mac = Buffer.from(original);
    const macAt = mac.indexOf('\n---') + 5; // "--- <base64 MAC>\n"
    mac[macAt + 3] = mac[macAt + 3] === 0x41 ? 0x42 : 0x41;
    writeFileSync(out, mac);
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'tampered')).detail, /MAC of its age header/);
  });

  test('a truncated file: tampered (age authenticates the end of the stream)', async () => {
    const { out, temp } = await goodPackage();
    const original = readFileSync(out);
    for (const cut of [original.length - 1, original.length - 70_000, 65_536 + 300]) {
      writeFileSync(out, original.subarray(0, cut));
      assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'tampered')).detail, /changed or cut short/);
    }
  });

  test('an empty file, a text file and a broken age header: not a package', async () => {
    const { out, temp } = workDirs();
    writeFileSync(out, '');
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /empty/);
    writeFileSync(out, 'name,amount\nSynthia Example,100\n');
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /not an age-encrypted file/);
    writeFileSync(out, 'age-encryption.org/v1\n-> nonsense\n');
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /age header is malformed/);
    await assert.rejects(openPackage(join(temp, 'absent.age'), { identity: beta, tempDir: temp }), (error: unknown) => error instanceof AriadneError && error.code === 'NOT_FOUND');
  });

  test('a package for Beta opened by Gamma: not for us', async () => {
    const { out, temp } = await goodPackage();
    const refusal = await refusedWith(out, { identity: gamma, tempDir: temp }, 'not-for-us');
    assert.match(refusal.detail, /No key of this instance opens it/);
    assert.equal(refusal.code, 'FORBIDDEN');
    assert.deepEqual(refusal.details, { reason: 'not-for-us' });
  });

  test('a package for Beta that Beta re-encrypts to Gamma: not for us (its manifest names Beta)', async () => {
    const { out, temp } = await goodPackage();
    const decrypter = new Decrypter();
    decrypter.addIdentity(beta.ageIdentity);
    const plaintext = await decrypter.decrypt(readFileSync(out));
    const encrypter = new Encrypter();
    encrypter.addRecipient(gamma.ageRecipient);
    writeFileSync(out, await encrypter.encrypt(plaintext));
    const refusal = await refusedWith(out, { identity: gamma, tempDir: temp }, 'not-for-us');
    assert.match(refusal.detail, /names another recipient/);
  });

  test('a manifest signed by Gamma but naming Alpha as sender: bad signature', async () => {
    const { out, temp } = workDirs();
    const members = [{ path: 'entities.ftm.jsonl', data: ENTITIES }];
    await handBuilt(out, { manifest: manifestFor(members), signer: gamma.signingSeed, members: members.map((m) => ({ name: m.path, data: m.data })) });
    await refusedWith(out, { identity: beta, tempDir: temp }, 'bad-signature');
    // the same archive signed by Alpha is accepted: the refusal is the signature's alone
    await handBuilt(out, { manifest: manifestFor(members), members: members.map((m) => ({ name: m.path, data: m.data })) });
    await (await openPackage(out, { identity: beta, tempDir: temp })).dispose();
  });

  test('a signature file that is not a signature, or a manifest changed after signing: bad signature', async () => {
    const { out, temp } = workDirs();
    const manifest = manifestFor([]);
    const bytes = canonicalManifestBytes(manifest);
    await handBuilt(out, { manifest, entries: [{ name: 'manifest.json', data: bytes }, { name: 'manifest.sig', data: Buffer.from('not a signature\n') }] });
    await refusedWith(out, { identity: beta, tempDir: temp }, 'bad-signature');
    const signature = signManifestBytes(bytes, alpha.signingSeed);
    const changed = canonicalManifestBytes({ ...manifest, sequence: 2 });
    await handBuilt(out, { manifest, entries: [{ name: 'manifest.json', data: changed }, { name: 'manifest.sig', data: signature }] });
    await refusedWith(out, { identity: beta, tempDir: temp }, 'bad-signature');
  });

  test('a member whose bytes were changed before encryption: tampered', async () => {
    const { out, temp } = workDirs();
    const members = [{ path: 'entities.ftm.jsonl', data: ENTITIES }];
    const flipped = Buffer.from(ENTITIES);
    flipped[20]! ^= 0x01;
    await handBuilt(out, { manifest: manifestFor(members), members: [{ name: 'entities.ftm.jsonl', data: flipped }] });
    const refusal = await refusedWith(out, { identity: beta, tempDir: temp }, 'tampered');
    assert.match(refusal.detail, /entities\.ftm\.jsonl's SHA-256 differs/);
    assert.equal(refusal.code, 'VALIDATION_FAILED');
  });

  test('a member missing, one extra, one repeated, one of another size, data after the end: tampered', async () => {
    const { out, temp } = workDirs();
    const a = { path: 'a.jsonl', data: Buffer.from('{"synthetic":1}\n') };
    const b = { path: 'b.jsonl', data: Buffer.from('{"synthetic":2}\n') };
    const entry = (m: { path: string; data: Uint8Array }) => ({ name: m.path, data: m.data });
    const cases: { members: { name: string; data: Uint8Array }[]; detail: RegExp; trailing?: Uint8Array }[] = [
      { members: [entry(a)], detail: /b\.jsonl is missing/ },
      { members: [entry(a), entry(b), { name: 'c.jsonl', data: Buffer.from('extra') }], detail: /does not list/ },
      { members: [entry(a), entry(a), entry(b)], detail: /appears twice/ },
      { members: [entry(a), { name: 'b.jsonl', data: Buffer.from('{"synthetic":22}\n') }], detail: /is 17 bytes; the manifest says 16/ },
      { members: [entry(a), entry(b)], detail: /follows the end/, trailing: Buffer.from('smuggled') },
    ];
    for (const { members, detail, trailing } of cases) {
      await handBuilt(out, { manifest: manifestFor([a, b]), members, ...(trailing ? { trailing } : {}) });
      const refusal = await refusedWith(out, { identity: beta, tempDir: temp }, 'tampered');
      assert.match(refusal.detail, detail);
    }
  });

  test('an archive that does not start with manifest.json then manifest.sig, or is no archive: not a package', async () => {
    const { out, temp } = workDirs();
    const manifest = manifestFor([]);
    const bytes = canonicalManifestBytes(manifest);
    const signature = signManifestBytes(bytes, alpha.signingSeed);
    await handBuilt(out, { manifest, entries: [{ name: 'manifest.sig', data: signature }, { name: 'manifest.json', data: bytes }] });
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /does not begin with manifest\.json/);
    await handBuilt(out, { manifest, entries: [{ name: 'manifest.json', data: bytes }, { name: 'other', data: signature }] });
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /second file is not manifest\.sig/);
    await handBuilt(out, { manifest, entries: [] });
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /does not begin with manifest\.json/);
    await encryptToFile((async function* () { yield Buffer.alloc(4096, 0x41); })(), beta.ageRecipient, out);
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /archive is malformed: a tar header's checksum/);
    await encryptToFile((async function* () { yield bytes; })(), beta.ageRecipient, out);
    assert.match((await refusedWith(out, { identity: beta, tempDir: temp }, 'not-a-package')).detail, /archive is malformed/);
  });

  test('a manifest that is not JSON, or breaks the schema even when signed: malformed member', async () => {
    const { out, temp } = workDirs();
    const notJson = Buffer.from('{"format":"ariadne-share/1",');
    await handBuilt(out, { manifest: manifestFor([]), entries: [{ name: 'manifest.json', data: notJson }, { name: 'manifest.sig', data: signManifestBytes(notJson, alpha.signingSeed) }] });
    await refusedWith(out, { identity: beta, tempDir: temp }, 'malformed-member');
    const unsafe = { path: '../../home/beta/.profile', data: Buffer.from('synthetic') };
    await handBuilt(out, { manifest: manifestFor([unsafe]), members: [{ name: unsafe.path, data: unsafe.data }] });
    const refusal = await refusedWith(out, { identity: beta, tempDir: temp }, 'malformed-member');
    assert.match(refusal.detail, /members\.0\.path must not contain "\.\."/);
    await handBuilt(out, { manifest: { ...manifestFor([]), counts: { entities: -1 } } });
    await refusedWith(out, { identity: beta, tempDir: temp }, 'malformed-member');
  });

  test('over the limits: too large, whatever the sizes declared', async () => {
    const { out, temp } = await goodPackage();
    const refusal = await refusedWith(out, { identity: beta, tempDir: temp, maxBytes: 10_000 }, 'too-large');
    assert.equal(refusal.code, 'PAYLOAD_TOO_LARGE');
    await refusedWith(out, { identity: beta, tempDir: temp, maxMembers: 1 }, 'too-large');

    const { out: out2, temp: temp2 } = workDirs();
    const a = { path: 'a.jsonl', data: Buffer.from('{"synthetic":1}\n') };
    // the manifest declares 5 GiB
    const huge = manifestFor([a]);
    await handBuilt(out2, { manifest: { ...huge, members: [{ ...huge.members[0]!, bytes: 5 * 1024 ** 3 }] }, members: [{ name: a.path, data: a.data }] });
    assert.match((await refusedWith(out2, { identity: beta, tempDir: temp2 }, 'too-large')).detail, /members total 5368709120 bytes/);
    // the archive declares 8 GiB − 1 in octal, and 1 TiB in a pax header, for a 16-byte member
    await handBuilt(out2, { manifest: manifestFor([a]), members: [{ name: a.path, data: a.data, declaredSize: 0o77777777777 }] });
    assert.match((await refusedWith(out2, { identity: beta, tempDir: temp2 }, 'too-large')).detail, /declares a member of 8589934591 bytes/);
    await handBuilt(out2, { manifest: manifestFor([a]), members: [{ name: a.path, data: a.data, declaredSize: 2 ** 40 }] });
    assert.match((await refusedWith(out2, { identity: beta, tempDir: temp2 }, 'too-large')).detail, /declares a member of 1099511627776 bytes/);
    // a manifest.json declared at 8 GiB − 1
    await handBuilt(out2, { manifest: manifestFor([]), entries: [{ name: 'manifest.json', data: Buffer.alloc(0), declaredSize: 0o77777777777 }] });
    assert.match((await refusedWith(out2, { identity: beta, tempDir: temp2 }, 'too-large')).detail, /manifest\.json is larger/);
  });
});

describe('refusal reasons', () => {
  test('each has a sentence and an error code', () => {
    for (const reason of REFUSAL_REASONS) {
      assert.match(refusalSentence(reason), /^[A-Z].+\.$/);
      const refusal = new PackageRefused(reason, 'Synthetic detail.');
      assert.ok(refusal instanceof AriadneError);
      assert.equal(refusal.reason, reason);
      assert.deepEqual(refusal.details, { reason });
      assert.equal(refusal.message, `${refusalSentence(reason)} Synthetic detail.`);
    }
    assert.equal(new PackageRefused('replayed', '').code, 'CONFLICT');
    assert.equal(new PackageRefused('too-large', '').code, 'PAYLOAD_TOO_LARGE');
    for (const reason of ['not-for-us', 'unknown-sender', 'sender-key-mismatch'] as const) assert.equal(new PackageRefused(reason, '').code, 'FORBIDDEN');
    assert.equal(new PackageRefused('tampered', '').code, 'VALIDATION_FAILED');
  });
});

describe('checkPackageAgainstAgreement', () => {
  const NOW = new Date('2026-05-02T12:00:00Z');
  function manifest(overrides: Partial<PackageManifest> = {}): PackageManifest {
    return manifestFor([], { sequence: 5, ...overrides });
  }
  function agreement(overrides: Partial<AgreementForCheck> = {}): AgreementForCheck {
    return {
      id: 'agr-synthetic-1', partnerSigningKey: alpha.signingKey, status: 'active', direction: 'both', termsSha256: 'ab'.repeat(32),
      validFrom: '2026-04-01', validUntil: '2026-12-31', lastReceivedSequence: 4, ...overrides,
    };
  }
  function refused(m: PackageManifest, context: Partial<Parameters<typeof checkPackageAgainstAgreement>[1]>): RefusalReason | 'accepted' {
    try {
      checkPackageAgainstAgreement(m, { partner: publicIdentity(alpha), agreement: agreement(), now: NOW, ...context });
      return 'accepted';
    } catch (error) {
      assert.ok(error instanceof PackageRefused);
      return error.reason;
    }
  }

  test('a package from the partner, under its active agreement, in time and in sequence, is accepted', () => {
    assert.equal(refused(manifest(), {}), 'accepted');
    assert.equal(refused(manifest(), { agreement: agreement({ direction: 'incoming' }), seenPackageIds: new Set(['pkg-other']) }), 'accepted');
    assert.equal(refused(manifest(), { now: new Date('2026-12-31T23:59:59Z') }), 'package-expired', 'the agreement runs to December, the package expired on 1 June');
  });

  test('each refusal on its own', () => {
    assert.equal(refused(manifest(), { partner: null }), 'unknown-sender');
    assert.equal(refused(manifest(), { partner: publicIdentity(gamma) }), 'unknown-sender');
    assert.equal(refused(manifest(), { agreement: null }), 'no-agreement');
    assert.equal(refused(manifest({ agreementId: 'agr-synthetic-2' }), {}), 'no-agreement');
    assert.equal(refused(manifest(), { agreement: agreement({ partnerSigningKey: gamma.signingKey }) }), 'sender-key-mismatch');
    assert.equal(refused(manifest(), { agreement: agreement({ status: 'draft' }) }), 'agreement-inactive');
    assert.equal(refused(manifest(), { agreement: agreement({ direction: 'outgoing' }) }), 'agreement-inactive');
    assert.equal(refused(manifest(), { agreement: agreement({ status: 'revoked' }) }), 'agreement-revoked');
    assert.equal(refused(manifest(), { agreement: agreement({ validUntil: '2026-05-01' }) }), 'agreement-expired');
    assert.equal(refused(manifest(), { agreement: agreement({ validFrom: '2026-05-03' }) }), 'agreement-expired');
    assert.equal(refused(manifest({ termsSha256: 'cd'.repeat(32) }), {}), 'terms-mismatch');
    assert.equal(refused(manifest({ expiresAt: '2026-05-02T11:59:59Z' }), {}), 'package-expired');
    assert.equal(refused(manifest(), { seenPackageIds: new Set(['pkg-synthetic-0001']) }), 'replayed');
    assert.equal(refused(manifest({ sequence: 4 }), {}), 'replayed');
    assert.equal(refused(manifest({ sequence: 1 }), {}), 'replayed');
  });

  test('the validity dates are inclusive days', () => {
    assert.equal(refused(manifest(), { agreement: agreement({ validFrom: '2026-05-02', validUntil: '2026-05-02' }) }), 'accepted');
  });

  test('a revocation is accepted under a revoked, lapsed or send-only agreement, but not replayed or from a stranger', () => {
    const revocation = manifest({ kind: 'revocation', notice: 'Synthetic: the MoU ended.' });
    assert.equal(refused(revocation, { agreement: agreement({ status: 'revoked' }) }), 'accepted');
    assert.equal(refused(revocation, { agreement: agreement({ status: 'revoked', validUntil: '2026-04-30' }) }), 'accepted');
    assert.equal(refused(revocation, { agreement: agreement({ direction: 'outgoing' }) }), 'accepted');
    assert.equal(refused(revocation, { agreement: agreement({ status: 'revoked', lastReceivedSequence: 5 }) }), 'replayed');
    assert.equal(refused(revocation, { agreement: agreement({ status: 'revoked', partnerSigningKey: gamma.signingKey }) }), 'sender-key-mismatch');
    assert.equal(refused(revocation, { agreement: agreement({ status: 'draft' }) }), 'agreement-inactive');
  });

  test('every refusal carries its reason as details and a sentence', () => {
    assert.throws(() => checkPackageAgainstAgreement(manifest({ sequence: 3 }), { partner: publicIdentity(alpha), agreement: agreement(), now: NOW }), (error: unknown) => {
      assert.ok(error instanceof PackageRefused);
      assert.equal(error.code, 'CONFLICT');
      assert.deepEqual(error.details, { reason: 'replayed' });
      assert.match(error.message, /^The package was received before.*sequence number 3 is not above the last received, 4\.$/);
      return true;
    });
  });
});
