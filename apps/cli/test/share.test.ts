// `ariadne share …` between two instances, Alpha and Beta, each a data folder of its own (and,
// on the PostgreSQL backend, a database of its own): identities and cards, partners, an
// agreement approved by two people, a package sent, a tampered copy and a replay refused, the
// package imported with the partner as provenance, and a revocation that purges it at Beta.
// Every person and organisation is invented.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '@ariadne/access';
import { loadModel } from '@ariadne/schema';
import { generateNoteKeys } from '@ariadne/ledger';
import { checkTerms, ledgerKeyFingerprint, termsHash, type AgreementTerms } from '@ariadne/sharing';
import { createStore, storeModelOf, type Actor, type OpenedStore } from '@ariadne/store';
import { createTestBackend, testBackendNames, type TestBackend } from '@ariadne/store/testing';
import { main } from '../src/main.ts';
import { cleanEnv } from './run-cli.ts';

const model = loadModel();
const dir = mkdtempSync(join(tmpdir(), 'ariadne-share-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SETUP: Actor = { kind: 'system', id: 'test-setup' };
const PASSWORD = 'a long synthetic passphrase 42';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TERMS: AgreementTerms = checkTerms({
  purpose: 'investigation',
  legalBasis: 'Synthetic MoU of 2026-04-02, art. 5',
  allowed: { Person: ['name', 'nationality'] },
  victims: 'exclude',
  pseudonymise: {},
  alerts: false,
  evidence: false,
  retentionDays: 365,
  validFrom: day(-30),
  validUntil: day(60),
  approvalsRequired: 2,
}, model);

interface Run { code: number; stdout: string; stderr: string }

interface Instance {
  readonly data: string;
  readonly env: Record<string, string>;
}

/** the CLI in this process, on one instance, its output captured */
async function ariadne(instance: Instance, args: readonly string[], extra: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t), interactive: false };
  // the caller's sharing name must not leak in: an instance without one is named after its id
  const { ARIADNE_SHARING_NAME: _ignored, ...environment } = cleanEnv();
  const code = await main(['node', 'ariadne', '--data', instance.data, ...args], { ...environment, ...instance.env, ...extra }, io);
  return { code, stdout, stderr };
}

/** the instance's store, opened between CLI commands (a PGlite folder has one user at a time) */
async function withStore<T>(instance: Instance, work: (store: OpenedStore) => Promise<T>): Promise<T> {
  const storeModel = storeModelOf(model);
  const store = instance.env.DATABASE_URL
    ? await createStore({ databaseUrl: instance.env.DATABASE_URL, model: storeModel })
    : await createStore({ dataDir: join(instance.data, 'db'), model: storeModel });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** a case with two members who may approve (their first password already changed) */
async function caseWithApprovers(store: OpenedStore, name: string, usernames: readonly string[]): Promise<string> {
  const created = await store.createCase(SETUP, { name });
  for (const username of usernames) {
    const user = await store.createUser(SETUP, { username, displayName: username, roles: ['investigator'], passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
    await store.addMember(SETUP, created.id, user.id);
  }
  return created.id;
}

const lineOf = (text: string, id: string) => text.split('\n').find((l) => l.startsWith(`${id}\t`))?.split('\t');

for (const backendName of testBackendNames()) {
  describe(`ariadne share, two instances (${backendName})`, () => {
    const backends: TestBackend[] = [];
    const alpha: Instance = { data: join(dir, `${backendName}-alpha`), env: {} };
    const beta: Instance = { data: join(dir, `${backendName}-beta`), env: { ARIADNE_SHARING_NAME: 'Synthetic NGO Beta' } };
    const state = { agreementId: 'sa_synthetic-alpha-beta-1', alphaCase: '', betaCase: '', partnerOfAlpha: '', partnerOfBeta: '' };

    before(async () => {
      if (backendName !== 'postgres') return;
      for (const instance of [alpha, beta]) {
        const backend = await createTestBackend('postgres');
        backends.push(backend);
        (instance.env as Record<string, string>).DATABASE_URL = (backend.options as { databaseUrl: string }).databaseUrl;
      }
    });
    after(async () => { for (const backend of backends) await backend.drop(); });

    test('share identity creates a 0600 key file on first use and prints the public card, never a secret', async () => {
      const first = await ariadne(alpha, ['share', 'identity']);
      assert.equal(first.code, 0, first.stderr);
      const keyFile = join(alpha.data, 'sharing.key');
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      const card = JSON.parse(first.stdout) as Record<string, string>;
      assert.deepEqual(Object.keys(card).sort(), ['ageRecipient', 'fingerprint', 'format', 'name', 'signingKey']);
      assert.equal(card.format, 'ariadne-party/1');
      assert.match(card.name!, /^Ariadne \S+$/, 'named after the instance id when ARIADNE_SHARING_NAME is unset');
      assert.match(first.stderr, /Created the sharing identity .*sharing\.key \(mode 0600/);
      assert.ok(first.stderr.includes(`Fingerprint: ${card.fingerprint}`));
      const secrets = JSON.parse(readFileSync(keyFile, 'utf8')) as Record<string, string>;
      for (const field of ['signingSeed', 'ageIdentity', 'pseudonymSecret']) {
        assert.ok(secrets[field] && !first.stdout.includes(secrets[field]!) && !first.stderr.includes(secrets[field]!), `${field} shown`);
      }
      assert.doesNotMatch(first.stdout + first.stderr, /AGE-SECRET-KEY/);

      const again = await ariadne(alpha, ['share', 'identity', '--card', join(alpha.data, '..', `${backendName}-alpha-card.json`)]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, '');
      assert.doesNotMatch(again.stderr, /Created/);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, `${backendName}-alpha-card.json`), 'utf8')), card, 'the same identity the second time');

      const named = await ariadne(beta, ['share', 'identity', '--card', join(dir, `${backendName}-beta-card.json`)]);
      assert.equal(named.code, 0, named.stderr);
      assert.equal(JSON.parse(readFileSync(join(dir, `${backendName}-beta-card.json`), 'utf8')).name, 'Synthetic NGO Beta');
    });

    test('a key file other users can read is refused', async () => {
      const loose: Instance = { data: join(dir, `${backendName}-loose`), env: { ARIADNE_SHARING_NAME: 'Synthetic Loose' } };
      assert.equal((await ariadne(loose, ['share', 'identity'])).code, 0);
      chmodSync(join(loose.data, 'sharing.key'), 0o644);
      const refused = await ariadne(loose, ['share', 'identity']);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^ariadne: Cannot use the sharing identity: .* can be read by other users; make it private \(chmod 600\)/);
    });

    test('partners are added from their cards (not our own, not twice) and listed', async () => {
      const added = await ariadne(alpha, ['share', 'partner', 'add', '--card', join(dir, `${backendName}-beta-card.json`), '--note', 'Fingerprint confirmed by phone']);
      assert.equal(added.code, 0, added.stderr);
      state.partnerOfAlpha = added.stdout.trim();
      assert.match(state.partnerOfAlpha, /^sp_/);
      assert.match(added.stderr, /Added the partner "Synthetic NGO Beta", fingerprint [0-9a-f ]+\. Confirm the fingerprint/);
      const back = await ariadne(beta, ['share', 'partner', 'add', '--card', join(dir, `${backendName}-alpha-card.json`)]);
      assert.equal(back.code, 0, back.stderr);
      state.partnerOfBeta = back.stdout.trim();

      const twice = await ariadne(alpha, ['share', 'partner', 'add', '--card', join(dir, `${backendName}-beta-card.json`)]);
      assert.equal(twice.code, 2);
      assert.match(twice.stderr, /already registered/);
      const own = await ariadne(alpha, ['share', 'partner', 'add', '--card', join(dir, `${backendName}-alpha-card.json`)]);
      assert.equal(own.code, 2);
      assert.match(own.stderr, /this instance's own card/);
      writeFileSync(join(dir, 'mangled-card.json'), readFileSync(join(dir, `${backendName}-beta-card.json`), 'utf8').replace(/"fingerprint": "[0-9a-f]/, '"fingerprint": "x'));
      const mangled = await ariadne(alpha, ['share', 'partner', 'add', '--card', join(dir, 'mangled-card.json')]);
      assert.equal(mangled.code, 5);
      assert.match(mangled.stderr, /^ariadne: .*fingerprint does not match the signing key/);

      const listed = await ariadne(alpha, ['share', 'partners']);
      assert.equal(listed.code, 0, listed.stderr);
      const row = lineOf(listed.stdout, state.partnerOfAlpha);
      assert.equal(row?.[1], 'Synthetic NGO Beta');
      assert.equal(row?.[4], 'Fingerprint confirmed by phone');
    });

    test("the card carries our ledger key when there is one, and a partner's is set (or cleared) after registration", async () => {
      assert.equal(existsSync(join(alpha.data, 'ledger.key')), false, 'share identity created no ledger key for Alpha, which had none');
      const keys = generateNoteKeys('beta.synthetic.example/log');
      const withKey = await ariadne(beta, ['share', 'identity'], { ARIADNE_LEDGER_KEY: keys.skey });
      assert.equal(withKey.code, 0, withKey.stderr);
      const card = JSON.parse(withKey.stdout) as Record<string, string>;
      assert.equal(card.ledgerKey, keys.vkey, "Beta's ledger verifier key, the one serve signs checkpoints with");
      assert.ok(withKey.stderr.includes(`Ledger key fingerprint: ${ledgerKeyFingerprint(keys.vkey)}`));
      assert.ok(!withKey.stdout.includes(keys.skey) && !withKey.stderr.includes(keys.skey), 'the signing key is never printed');

      // Alpha registered Beta from a card without it: it sets the key now
      const setKey = (...args: string[]) => ariadne(alpha, ['share', 'partner', 'ledger-key', ...args]);
      const set = await setKey(state.partnerOfAlpha, '--key', card.ledgerKey!);
      assert.equal(set.code, 0, set.stderr);
      assert.equal(set.stdout, `${ledgerKeyFingerprint(keys.vkey)}\n`);
      assert.match(set.stderr, /Set the ledger key of "Synthetic NGO Beta"\. Confirm its fingerprint/);
      assert.equal((await withStore(alpha, (store) => store.getPartner(state.partnerOfAlpha)))?.ledgerKey, keys.vkey);

      const forged = await setKey(state.partnerOfAlpha, '--key', keys.vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'));
      assert.equal(forged.code, 5);
      assert.match(forged.stderr, /not a ledger verifier key/);
      assert.equal((await setKey('sp_unknown', '--key', keys.vkey)).code, 2);
      const neither = await setKey(state.partnerOfAlpha);
      assert.equal(neither.code, 2);
      assert.match(neither.stderr, /either --key KEY .* or --clear/);
      assert.equal((await setKey(state.partnerOfAlpha, '--key', keys.vkey, '--clear')).code, 2);

      const cleared = await setKey(state.partnerOfAlpha, '--clear');
      assert.equal(cleared.code, 0, cleared.stderr);
      assert.match(cleared.stderr, /Cleared the ledger key of "Synthetic NGO Beta"/);
      assert.equal((await withStore(alpha, (store) => store.getPartner(state.partnerOfAlpha)))?.ledgerKey, undefined);
    });

    test('an agreement is approved by two distinct users, each proving who they are', async () => {
      await withStore(alpha, async (store) => {
        state.alphaCase = await caseWithApprovers(store, 'Synthetic case Alpha', ['alpha.one', 'alpha.two']);
        await store.createUser(SETUP, { username: 'alpha.outsider', displayName: 'alpha.outsider', roles: ['investigator'], passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
        await store.createEntity(SETUP, { schema: 'Person', caseId: state.alphaCase, properties: { name: ['Testperson Alpha'], nationality: ['zz'] } }, { source: 'test' });
        await store.createAgreement(SETUP, {
          id: state.agreementId, title: 'Synthetic exchange Alpha–Beta', partnerId: state.partnerOfAlpha, caseId: state.alphaCase, direction: 'outgoing', terms: TERMS, termsSha256: termsHash(TERMS),
        });
      });
      await withStore(beta, async (store) => {
        state.betaCase = await caseWithApprovers(store, 'Synthetic case Beta', ['beta.one', 'beta.two']);
        await store.createAgreement(SETUP, {
          id: state.agreementId, title: 'Synthetic exchange Alpha–Beta', partnerId: state.partnerOfBeta, caseId: state.betaCase, direction: 'incoming', terms: TERMS, termsSha256: termsHash(TERMS),
        });
      });
      const approve = (instance: Instance, username: string, password?: string) =>
        ariadne(instance, ['share', 'agreement', 'approve', state.agreementId, '--as', username], password === undefined ? {} : { ARIADNE_PASSWORD: password });

      const noPassword = await approve(alpha, 'alpha.one');
      assert.equal(noPassword.code, 2);
      assert.match(noPassword.stderr, /Set ARIADNE_PASSWORD to alpha\.one's password/);
      const wrong = await approve(alpha, 'alpha.one', 'not the passphrase at all');
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /^ariadne: Wrong username or password\.\n$/);
      const outsider = await approve(alpha, 'alpha.outsider', PASSWORD);
      assert.equal(outsider.code, 2);
      assert.match(outsider.stderr, /not a member of the agreement's case/);

      const first = await approve(alpha, 'alpha.one', PASSWORD);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /1 of 2 approvals; another user must approve/);
      const sameUser = await approve(alpha, 'alpha.one', PASSWORD);
      assert.equal(sameUser.code, 2);
      assert.match(sameUser.stderr, /already approved/);
      const early = await ariadne(alpha, ['share', 'send', state.agreementId, '--output', join(dir, `${backendName}-early.ariadne-share`)]);
      assert.equal(early.code, 2);
      assert.match(early.stderr, /Nothing was sent \(agreement-inactive\)/);
      assert.ok(!existsSync(join(dir, `${backendName}-early.ariadne-share`)));

      const second = await approve(alpha, 'alpha.two', PASSWORD);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, /the agreement is active \(2 of 2 approvals\)/);
      for (const username of ['beta.one', 'beta.two']) assert.equal((await approve(beta, username, PASSWORD)).code, 0);

      const listed = await ariadne(alpha, ['share', 'agreements', '--case', state.alphaCase]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(lineOf(listed.stdout, state.agreementId)?.slice(0, 6), [state.agreementId, 'active', 'outgoing', '2/2', 'Synthetic NGO Beta', state.alphaCase]);
    });

    test('a package is sent, a tampered copy and a replay are refused with their reason, the package imported once', async () => {
      const file = join(dir, `${backendName}-to-beta.ariadne-share`);
      const sent = await ariadne(alpha, ['share', 'send', state.agreementId, '--output', file]);
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(sent.stderr, /^Sent package pkg-\S+ \(sequence 1\) under sa_synthetic-alpha-beta-1: .*Give .* to the partner/);
      const bytes = readFileSync(file);
      assert.ok(!bytes.includes(Buffer.from('Testperson Alpha')), 'the package is encrypted');

      const tampered = join(dir, `${backendName}-tampered.ariadne-share`);
      const changed = Buffer.from(bytes);
      changed[changed.length - 40]! ^= 0x01;
      writeFileSync(tampered, changed);
      const refused = await ariadne(beta, ['share', 'receive', tampered]);
      assert.equal(refused.code, 4, refused.stderr);
      assert.match(refused.stderr, /^ariadne: Refused \([a-z-]+\): .* Nothing was imported\.\n$/);

      const received = await ariadne(beta, ['share', 'receive', file]);
      assert.equal(received.code, 0, received.stderr);
      assert.match(received.stderr, /^Imported package pkg-\S+ \(data, sequence 1\) under sa_synthetic-alpha-beta-1: 1 entities written into case /);
      const replay = await ariadne(beta, ['share', 'receive', file]);
      assert.equal(replay.code, 4);
      assert.match(replay.stderr, /Refused \(replayed\)/);

      await withStore(beta, async (store) => {
        const entities = [];
        for await (const entity of store.exportEntities({ caseId: state.betaCase })) entities.push(entity);
        assert.deepEqual(entities.map((e) => e.properties.name), [['Testperson Alpha']]);
      });
      // the tampered copy could not be opened, so it is recorded under no agreement
      const packages = await ariadne(beta, ['share', 'packages', '--direction', 'incoming']);
      assert.equal(packages.code, 0, packages.stderr);
      const rows = packages.stdout.trim().split('\n').map((l) => l.split('\t'));
      assert.deepEqual(rows.map((r) => `${r[2]} ${r[10]}`).sort(), ['imported ', 'refused replayed', `refused ${/Refused \(([a-z-]+)\)/.exec(refused.stderr)![1]}`].sort());
      const underAgreement = await ariadne(beta, ['share', 'packages', '--agreement', state.agreementId]);
      assert.deepEqual(underAgreement.stdout.trim().split('\n').map((l) => l.split('\t')[2]).sort(), ['imported', 'refused']);
      const outgoing = await ariadne(alpha, ['share', 'packages', '--direction', 'outgoing']);
      assert.deepEqual(outgoing.stdout.trim().split('\n').map((l) => l.split('\t').slice(1, 5)), [['outgoing', 'sent', 'data', '1']]);
    });

    test('revoking sends a revocation package; receiving it revokes the agreement at Beta and purges what Alpha sent', async () => {
      const file = join(dir, `${backendName}-revocation.ariadne-share`);
      const revoked = await ariadne(alpha, ['share', 'agreement', 'revoke', state.agreementId, '--reason', 'Synthetic MoU ended.', '--output', file]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal(lineOf(revoked.stdout, state.agreementId)?.[1], 'revoked');
      assert.match(revoked.stderr, /Give the partner the revocation package/);
      const received = await ariadne(beta, ['share', 'receive', file]);
      assert.equal(received.code, 0, received.stderr);
      const agreements = await ariadne(beta, ['share', 'agreements']);
      assert.equal(lineOf(agreements.stdout, state.agreementId)?.[1], 'revoked');
      await withStore(beta, async (store) => {
        const left = [];
        for await (const entity of store.exportEntities({ caseId: state.betaCase })) left.push(entity);
        assert.deepEqual(left, []);
      });
      const sendAgain = await ariadne(alpha, ['share', 'send', state.agreementId, '--output', join(dir, `${backendName}-after.ariadne-share`)]);
      assert.equal(sendAgain.code, 2);
      assert.match(sendAgain.stderr, /agreement-revoked/);
    });
  });
}

test('share --help lists every subcommand; each has its own help', async () => {
  const instance: Instance = { data: join(dir, 'help'), env: {} };
  const help = await ariadne(instance, ['share', '--help']);
  assert.equal(help.code, 0);
  for (const command of ['identity', 'partner', 'partners', 'agreements', 'agreement', 'packages', 'send', 'receive']) assert.match(help.stdout, new RegExp(`\\n  ${command}\\b`));
  const approve = await ariadne(instance, ['share', 'agreement', 'approve', '--help']);
  assert.match(approve.stdout, /--as <username>/);
});
