import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { directionOf, pickLocale, placeholders, translate, type Messages } from '../src/i18n/i18n.ts';

const dir = new URL('../src/i18n/', import.meta.url).pathname;
const load = (locale: string): Messages => JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Messages;
const en = load('en');
const others = { ar: load('ar'), fr: load('fr') };

test('every key is present and non-empty in en, ar and fr, with the same placeholders', () => {
  for (const [locale, messages] of Object.entries(others)) {
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort(), `${locale} has the same keys as en`);
    for (const [key, text] of Object.entries(en)) {
      const other = messages[key]!;
      assert.ok(other.trim(), `${locale}:${key} is empty`);
      assert.deepEqual(placeholders(other), placeholders(text), `${locale}:${key} placeholders`);
    }
  }
});

test('Arabic messages are in Arabic script', () => {
  const skip = new Set(['form.datePlaceholder', 'nav.journal']);
  for (const [key, text] of Object.entries(others.ar)) {
    if (!skip.has(key)) assert.match(text, /[\u0600-\u06FF]/, `ar:${key}`);
  }
});

function sources(root: string, out: string[] = []): string[] {
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name)) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

test('every literal key used in the source exists in en.json', () => {
  const used = new Set<string>();
  for (const text of sources(new URL('../src/', import.meta.url).pathname)) {
    for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
    for (const m of text.matchAll(/'(form\.hint\.\w+)'/g)) used.add(m[1]!);
  }
  assert.ok(used.size > 50);
  const missing = [...used].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
});

test('dynamic key families are complete', () => {
  for (const prefix of ['caseStatus.open', 'caseStatus.closed', 'caseStatus.archived', 'role.admin', 'role.fiu_analyst',
    'schemaGroup.parties', 'schemaGroup.things', 'schemaGroup.relations', 'schemaGroup.other']) {
    assert.ok(prefix in en, prefix);
  }
});

test('evidence, custody, consent and submission key families are complete', () => {
  const families: Record<string, readonly string[]> = {
    'custody.kind': ['intake', 'view', 'download', 'transfer', 'analysis', 'export', 'seal', 'hold', 'release', 'link', 'consent'],
    'custody.do': ['transfer', 'analysis', 'seal', 'hold', 'release', 'link'],
    'custody.hint': ['transfer', 'analysis', 'seal', 'hold', 'release', 'link'],
    'upload.status': ['uploading', 'paused', 'finishing', 'done', 'failed'],
    'evidence.origin': ['staff', 'survivor', 'tip'],
    'consent.purpose': ['prosecution', 'sanctions', 'statistics'],
    'consent.purposeHint': ['prosecution', 'sanctions', 'statistics'],
    'consent.visibility': ['case-team', 'named'],
    'consent.visibilityHint': ['case-team', 'named'],
    'bundle.purpose': ['prosecution', 'sanctions', 'mutual-legal-assistance', 'other'],
    'submission.kind': ['account', 'tip'],
    'submission.status': ['new', 'triaged', 'closed'],
    'followup.status': ['new', 'triaged', 'closed'],
    'submit.formTitle': ['account', 'tip'],
    'submit.formIntro': ['account', 'tip'],
    'submit.accountLabel': ['account', 'tip'],
    'verify.summary': ['items', 'events', 'bundleId', 'createdAt', 'case', 'purpose', 'recipient', 'checkpointSize', 'logOrigin', 'rootHash',
      'keyId', 'keySource', 'bytes', 'moreProblems'],
  };
  for (const [prefix, members] of Object.entries(families)) {
    for (const member of members) {
      const key = `${prefix}.${member}`;
      for (const [locale, messages] of Object.entries({ en, ...others })) assert.ok(messages[key], `${locale}:${key}`);
    }
  }
});

test('translate fills placeholders and falls back', () => {
  assert.equal(translate({ hi: 'Bonjour {name}' }, 'hi', { name: 'Ana' }), 'Bonjour Ana');
  assert.equal(translate({}, 'hi', undefined, { hi: 'Hello' }), 'Hello');
  assert.equal(translate({}, 'missing.key'), 'missing.key');
  assert.equal(translate({ x: '{a} and {b}' }, 'x', { a: 1 }), '1 and {b}');
});

test('pickLocale and directionOf', () => {
  assert.equal(pickLocale('ar', ['fr']), 'ar');
  assert.equal(pickLocale('de', ['fr-CA', 'en']), 'fr');
  assert.equal(pickLocale(null, ['de-DE']), 'en');
  assert.equal(directionOf('ar'), 'rtl');
  assert.equal(directionOf('fr'), 'ltr');
});
