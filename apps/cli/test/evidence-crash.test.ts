/**
 * Killing the server in the middle of an upload loses nothing already stored and leaves nothing
 * half-written: the real `ariadne serve` (PGlite in a data folder) is SIGKILLed while a tus PATCH
 * is streaming; after a restart the upload resumes from the last whole record on disk, the file
 * taken in is byte-identical to the original, and the journal (with its Merkle tiles) verifies.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startServe } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-crash-'));
const data = join(dir, 'data');
const PASSWORD = 'synthetic-crash-test-password-1';
const NEW_PASSWORD = 'synthetic-crash-test-password-2';
const MiB = 1024 * 1024;

const cli = (args: string[], extra: Record<string, string> = {}) => runCli(['--data', data, ...args], extra);
const serve = () => startServe(['--data', data]);

interface Session { cookie: string; csrf: string }

async function signIn(url: URL, password: string): Promise<Session> {
  const res = await fetch(new URL('api/auth/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'crash.investigator', password }) });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

function api(url: URL, s: Session, req: { method: string; path: string; body?: unknown; headers?: Record<string, string> }): Promise<Response> {
  const { method, path, body, headers = {} } = req;
  return fetch(new URL(path, url), {
    method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const TUS = { 'tus-resumable': '1.0.0' };

describe('a server killed during an upload', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes the upload after a restart and keeps vault and journal consistent', { timeout: 180_000 }, async () => {
    assert.equal((await cli(['user', 'add', '--username', 'crash.investigator', '--role', 'investigator'], { ARIADNE_PASSWORD: PASSWORD })).code, 0);
    const file = randomBytes(8 * MiB);
    const sha256 = createHash('sha256').update(file).digest('hex');

    let server = await serve();
    let s = await signIn(server.url, PASSWORD);
    assert.equal((await api(server.url, s, { method: 'POST', path: 'api/auth/password', body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })).status, 204);
    s = await signIn(server.url, NEW_PASSWORD);
    const caseId = ((await (await api(server.url, s, { method: 'POST', path: 'api/cases', body: { name: 'Synthetic crash case' } })).json()) as { id: string }).id;
    const created = await api(server.url, s, { method: 'POST', path: 'api/uploads', headers: { ...TUS, 'upload-length': String(file.length), 'upload-metadata': `filename ${Buffer.from('synthetic-video.bin').toString('base64')}` } });
    assert.equal(created.status, 201);
    const location = new URL(created.headers.get('location')!, server.url);

    // stream 3 MiB of the 8, then kill the server with SIGKILL while the request is still open
    const killed = server.child;
    await new Promise<void>((resolve) => {
      const req = request(location, { method: 'PATCH', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(file.length) } });
      req.on('error', () => resolve()); // the connection dies with the server
      req.on('response', () => resolve());
      // kill once the encrypted staging file on disk holds more than 2 MiB (deterministic on a slow machine)
      const staged = join(data, 'vault', 'uploads', location.pathname.split('/').pop()!);
      req.write(file.subarray(0, 3 * MiB), async () => {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && (statSync(staged, { throwIfNoEntry: false })?.size ?? 0) <= 2 * MiB) await new Promise((r) => setTimeout(r, 20));
        killed.kill('SIGKILL');
      });
    });
    await new Promise((resolve) => (killed.exitCode !== null ? resolve(null) : killed.on('exit', resolve)));

    server = await serve();
    s = await signIn(server.url, NEW_PASSWORD);
    const head = await api(server.url, s, { method: 'HEAD', path: location.pathname, headers: TUS });
    assert.equal(head.status, 200);
    const offset = Number(head.headers.get('upload-offset'));
    assert.ok(offset >= MiB && offset <= 3 * MiB, `kept ${offset} bytes of the 3 MiB sent before the kill`);

    const rest = await fetch(new URL(location.pathname, server.url), {
      method: 'PATCH', body: file.subarray(offset),
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    });
    assert.equal(rest.status, 204, await rest.clone().text());
    assert.equal(Number(rest.headers.get('upload-offset')), file.length);
    const intake = await api(server.url, s, { method: 'POST', path: `api/cases/${caseId}/evidence`, body: { uploadId: location.pathname.split('/').pop() } });
    assert.equal(intake.status, 201, await intake.clone().text());
    const item = ((await intake.json()) as { item: { id: string; sha256: string; size: number } }).item;
    assert.equal(item.sha256, sha256, 'the bytes taken in are exactly the original file');
    assert.equal(item.size, file.length);
    const back = Buffer.from(await (await api(server.url, s, { method: 'GET', path: `api/evidence/${item.id}/content?download=1` })).arrayBuffer());
    assert.ok(back.equals(file));

    const stopped = server.child;
    await new Promise((resolve) => { stopped.on('exit', resolve); stopped.kill('SIGTERM'); });
    // nothing staged or half-written remains, and the journal and its Merkle tiles verify
    assert.deepEqual(readdirSync(join(data, 'vault', 'tmp')), []);
    assert.deepEqual(readdirSync(join(data, 'vault', 'uploads')), []);
    const verify = await cli(['journal', 'verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
