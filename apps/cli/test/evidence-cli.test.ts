/**
 * The evidence commands as a prosecutor's office would use them: take files in, export the case
 * as a bundle, verify it with no database (here: a fresh process and the published key), and see
 * a tampered bundle, a wrong key and an unreadable file rejected with their exit codes.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNoteKeys } from '@ariadne/ledger';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-evidence-cli-'));
const data = join(dir, 'data');

const cli = (args: string[], extra: Record<string, string> = {}) => runCli(['--data', data, ...args], extra);

describe('ariadne evidence', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds files, exports a verifiable bundle, and rejects tampering', { timeout: 120_000 }, async () => {
    const created = await cli(['case', 'create', 'Synthetic CLI case']);
    assert.equal(created.code, 0, created.stderr);
    const photo = join(dir, 'synthetic-photo.jpg');
    const chat = join(dir, 'synthetic-chat.txt');
    writeFileSync(photo, randomBytes(200_000));
    writeFileSync(chat, 'Synthetic chat export line 1\nSynthetic chat export line 2\n');
    const added = await cli(['evidence', 'add', photo, chat, '--case', 'synthetic cli case', '--collected-at', '2026-03-01T10:00:00Z', '--source', 'Synthetic Witness']);
    assert.equal(added.code, 0, added.stderr);
    const lines = added.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(createHash('sha256').update(readFileSync(photo)).digest('hex')));
    assert.match(lines[0]!, /the name says one type/, 'random bytes named .jpg are flagged');

    const bundle = join(dir, 'case.tar');
    const exported = await cli(['evidence', 'export', '--case', 'Synthetic CLI case', '--output', bundle, '--recipient', 'Synthetic Prosecutor Office', '--note', 'MLA-SYN-001']);
    assert.equal(exported.code, 0, exported.stderr);
    const key = /signed by (\S+)/.exec(exported.stdout)?.[1];
    assert.ok(key, exported.stdout);
    const again = await cli(['evidence', 'export', '--case', 'Synthetic CLI case', '--output', bundle]);
    assert.equal(again.code, 2, 'an existing bundle is never overwritten');

    const verified = await cli(['evidence', 'verify', bundle, '--key', key]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^INTACT: 2 item\(s\)/);

    // one byte of the photo changed, inside the archive
    const tar = readFileSync(bundle);
    const at = tar.indexOf(readFileSync(photo).subarray(5000, 5064));
    tar[at] = tar[at]! ^ 1;
    const tampered = join(dir, 'tampered.tar');
    writeFileSync(tampered, tar);
    const bad = await cli(['evidence', 'verify', tampered, '--key', key]);
    assert.equal(bad.code, 4);
    assert.match(bad.stdout, /NOT INTACT[\s\S]*\[file-hash-mismatch\][\s\S]*synthetic-photo/);

    // the genuine bundle against another log's key: not intact
    const otherKey = generateNoteKeys('other.example/log').vkey;
    assert.equal((await cli(['evidence', 'verify', bundle, '--key', otherKey])).code, 4);
    const json = await cli(['evidence', 'verify', bundle, '--json']);
    assert.equal(JSON.parse(json.stdout).ok, true);
    assert.equal((await cli(['evidence', 'verify', join(dir, 'missing.tar')])).code, 5);
    assert.equal((await cli(['evidence', 'add', join(dir, 'missing.jpg'), '--case', 'Synthetic CLI case'])).code, 5);
    assert.equal((await cli(['evidence', 'add', photo, '--case', 'No such synthetic case'])).code, 2);

    // the journal, with every intake and the export, still verifies
    assert.equal((await cli(['journal', 'verify'])).code, 0);
  });
});
