/**
 * The MLA / extradition request package: the `ariadne-mla/1` check (one rule per test), the cover
 * document (escaped, script-free, right to left in Arabic) and the package members (deterministic
 * bytes). Every person, office and file here is invented.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import {
  COUNTRY_CODES, MAX_FACTS_CHARS, checkMlaRequest, mlaEvidenceMemberPath, mlaPackageMembers, readMlaRequest, renderMlaCover,
} from '../src/mla/index.ts';
import type { MlaRequest } from '../src/mla/index.ts';

const VICTIM_PSEUDONYM = `psn-${'0123456789abcdef'.repeat(2)}`;
const SUSPECT_ID = 'case-17-person-alpha';
const COMPANY_ID = 'case-17-org-gamma';
const BUNDLE_SHA = 'a'.repeat(64);

/** a request as plain, mutable data, so each test can break one thing */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Draft = Mutable<MlaRequest>;

/** a complete, valid request */
function syntheticRequest(): Draft {
  return {
    format: 'ariadne-mla/1',
    kind: 'mutual-legal-assistance',
    reference: 'EXA-PG/MLA/2026/0042',
    date: '2026-05-04',
    requestingAuthority: {
      name: 'Office of the Prosecutor General of Examplestan',
      country: 'IQ',
      address: '1 Example Square\nExample City',
      contactRole: 'International Cooperation Unit, duty prosecutor',
    },
    requestedAuthority: {
      name: 'Central Authority for Mutual Legal Assistance, Ministry of Justice of Samplia',
      country: 'FR',
      address: '2 Sample Avenue\nSample Town',
      contactRole: 'Central Authority, MLA desk',
    },
    urgency: { level: 'urgent', reason: 'The suspect is due to leave the requested State on 2026-06-01.' },
    confidentiality: 'Please keep the request and its contents confidential; the suspect is not aware of the investigation.',
    legalBasis: ['United Nations Convention against Transnational Organized Crime (UNTOC), art. 18', 'Trafficking in Persons Protocol, art. 3 and 5'],
    case: { id: 'case-17', title: 'Synthetic recruitment network' },
    summaryOfFacts: 'Between 2015 and 2016, Testperson Alpha recruited persons displaced by the conflict with false offers of work and sold them to an armed group.',
    offences: [{
      name: 'Trafficking in persons',
      legalProvision: 'Penal Code of Examplestan, art. 293',
      provisionText: 'Whoever recruits, transports or harbours a person by means of deception for the purpose of exploitation is punished with imprisonment.',
      maximumPenalty: '15 years of imprisonment',
      form: 'sale_of_persons',
    }],
    subjects: [
      {
        entityId: SUSPECT_ID, role: 'suspect', name: 'Testperson Alpha', aliases: ['T. Alpha'], birthDate: '1980-02',
        nationality: 'IQ', identifiers: [{ kind: 'passport', value: 'X0000000', country: 'IQ' }], whereabouts: 'Believed to live in Sample Town.',
      },
      { entityId: COMPANY_ID, role: 'company', name: 'Gamma Placeholder Trading Ltd', aliases: [], nationality: 'FR' },
      { entityId: VICTIM_PSEUDONYM, role: 'victim (pseudonymised)', name: VICTIM_PSEUDONYM, aliases: [], nationality: 'IQ' },
    ],
    measures: [
      {
        kind: 'records-production',
        description: 'Produce the account opening records and statements of Gamma Placeholder Trading Ltd from 2015 to 2016.',
        linkToFacts: 'The payments for the victims were received on this company\'s account.',
        subjects: [COMPANY_ID, SUSPECT_ID],
      },
      {
        kind: 'hearing-by-video',
        description: 'Hear the victim as a witness by video conference, with a support person present.',
        linkToFacts: 'The victim can describe the recruitment and the sale.',
        subjects: [VICTIM_PSEUDONYM],
      },
    ],
    evidence: [{
      bundleId: 'bundle-2026-0001', fileName: 'bundle-2026-0001.tar', sha256: BUNDLE_SHA, items: 3,
      checkpoint: { origin: 'ariadne.example-prosecution', treeSize: 1234, rootHash: 'b'.repeat(64) },
    }],
    executionProcedures: 'Please let an officer of the requesting authority attend the execution.',
    contact: { office: 'International Cooperation Unit', channel: 'Secure e-mail of the central authority; telephone during office hours.' },
  };
}

function extraditionRequest(): Draft {
  const r = syntheticRequest();
  r.kind = 'extradition';
  r.subjects[0]!.role = 'accused';
  r.measures = [
    { kind: 'provisional-arrest', description: 'Arrest Testperson Alpha provisionally.', linkToFacts: 'He is charged with the offence above.', subjects: [SUSPECT_ID] },
    { kind: 'extradition', description: 'Surrender Testperson Alpha for trial.', linkToFacts: 'He is charged with the offence above.', subjects: [SUSPECT_ID] },
  ];
  return r;
}

/** asserts that `raw` is refused with VALIDATION_FAILED naming `path`, and returns the details */
function refused(raw: unknown, path: string): Readonly<Record<string, string>> {
  try {
    checkMlaRequest(raw);
  } catch (error) {
    assert.ok(isAriadneError(error), 'an AriadneError');
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.ok(error.details && path in error.details, `details name ${path}: ${JSON.stringify(error.details)}`);
    return error.details;
  }
  assert.fail(`expected ${path} to be refused`);
}

describe('checkMlaRequest', () => {
  test('accepts a complete request and normalises it', () => {
    const raw = syntheticRequest();
    raw.requestedAuthority.country = 'fr';
    raw.executionProcedures = 'Line one.\r\nLine two.  ';
    const request = checkMlaRequest(raw);
    assert.equal(request.requestedAuthority.country, 'FR');
    assert.equal(request.executionProcedures, 'Line one.\nLine two.');
    assert.equal(request.subjects.length, 3);
  });

  test('accepts an extradition request with an accused person', () => {
    assert.equal(checkMlaRequest(extraditionRequest()).kind, 'extradition');
  });

  test('refuses a request without measures', () => {
    const raw = syntheticRequest();
    raw.measures = [];
    refused(raw, 'measures');
    const { measures: _measures, ...withoutMeasures } = raw;
    refused(withoutMeasures, 'measures');
  });

  test('refuses an extradition request without an accused or convicted subject', () => {
    const raw = extraditionRequest();
    raw.subjects[0]!.role = 'suspect';
    const details = refused(raw, 'subjects');
    assert.match(details.subjects ?? '', /accused or convicted/);
    assert.match(details['measures.0.subjects.0'] ?? '', /only an accused or convicted person/);
  });

  test('refuses an extradition request that does not ask for extradition', () => {
    const raw = extraditionRequest();
    raw.measures = raw.measures.slice(0, 1);
    refused(raw, 'measures');
  });

  test('refuses provisional arrest or extradition in a request for assistance', () => {
    const raw = syntheticRequest();
    raw.measures.push({ kind: 'extradition', description: 'Surrender him.', linkToFacts: 'The facts above.', subjects: [SUSPECT_ID] });
    refused(raw, 'measures.2.kind');
  });

  test('refuses a victim carrying a name, and does not repeat the name in the error', () => {
    const raw = syntheticRequest();
    raw.subjects[2]!.name = 'Synthia Example';
    const details = refused(raw, 'subjects.2.name');
    assert.ok(!JSON.stringify(details).includes('Synthia'), 'the error does not quote the name');
  });

  test('refuses a victim carrying identifiers, a birth date, aliases or whereabouts', () => {
    for (const [field, value] of [
      ['identifiers', [{ kind: 'passport', value: 'Y0000000' }]], ['birthDate', '1999-01-01'], ['aliases', ['Synthia']], ['whereabouts', 'Sample Town'],
    ] as const) {
      const raw = syntheticRequest();
      Object.assign(raw.subjects[2]!, { [field]: value });
      refused(raw, `subjects.2.${field}`);
    }
  });

  test('refuses a victim whose entity id is not a pseudonym', () => {
    const raw = syntheticRequest();
    raw.subjects[2]!.entityId = 'case-17-person-victim';
    refused(raw, 'subjects.2.entityId');
  });

  test('refuses a country that is not an ISO 3166-1 alpha-2 code', () => {
    for (const bad of ['ZZ', 'EU', 'IRQ', '']) {
      const raw = syntheticRequest();
      raw.requestedAuthority.country = bad;
      refused(raw, 'requestedAuthority.country');
    }
    assert.equal(COUNTRY_CODES.size, 250, '249 assigned codes and XK');
  });

  test('refuses a request addressed to its own State', () => {
    const raw = syntheticRequest();
    raw.requestedAuthority.country = 'IQ';
    refused(raw, 'requestedAuthority.country');
  });

  test('refuses facts longer than the limit, and accepts them at the limit', () => {
    const raw = syntheticRequest();
    raw.summaryOfFacts = 'x'.repeat(MAX_FACTS_CHARS);
    assert.equal(checkMlaRequest(raw).summaryOfFacts.length, MAX_FACTS_CHARS);
    raw.summaryOfFacts = 'x'.repeat(MAX_FACTS_CHARS + 1);
    refused(raw, 'summaryOfFacts');
  });

  test('refuses an urgent request without a reason', () => {
    const raw = syntheticRequest();
    delete raw.urgency.reason;
    refused(raw, 'urgency.reason');
  });

  test('refuses a measure naming someone who is not a subject', () => {
    const raw = syntheticRequest();
    raw.measures[0]!.subjects = ['case-17-nobody'];
    refused(raw, 'measures.0.subjects.0');
  });

  test('refuses unknown fields, a wrong format and an unsafe evidence file name', () => {
    refused({ ...syntheticRequest(), victimsRealNames: ['x'] }, '(root)');
    refused({ ...syntheticRequest(), format: 'ariadne-mla/2' }, 'format');
    const raw = syntheticRequest();
    raw.evidence[0]!.fileName = '../../etc/passwd';
    refused(raw, 'evidence.0.fileName');
  });

  test('refuses an offence form that is not one of the resolution\'s forms', () => {
    const raw = syntheticRequest();
    Object.assign(raw.offences[0]!, { form: 'pickpocketing' });
    refused(raw, 'offences.0.form');
  });
});

describe('renderMlaCover', () => {
  const request = (): MlaRequest => checkMlaRequest(syntheticRequest());

  test('escapes every value: a subject named like a script appears as text', () => {
    const raw = syntheticRequest();
    raw.subjects[0]!.name = '<script>alert(1)</script>';
    raw.summaryOfFacts = 'Facts with <img src=x onerror=alert(2)> & "quotes"';
    const html = renderMlaCover(checkMlaRequest(raw), { locale: 'en' });
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;'));
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img/i.test(html), 'no image element');
  });

  test('is one self-contained document whose policy forbids scripts', () => {
    const html = renderMlaCover(request(), { locale: 'en' });
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /<html lang="en" dir="ltr">/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none';/);
    assert.ok(!/\b(?:src|href)=/i.test(html), 'no link to any resource');
    assert.ok(!/https?:\/\//.test(html), 'no external address');
  });

  test('puts title, reference and urgency first, then the headings in order', () => {
    const html = renderMlaCover(request(), { locale: 'en' });
    const headings = [
      'Requesting authority', 'Requested authority', 'Confidentiality', 'Legal basis', 'Summary of facts', 'Offences',
      'Persons concerned', 'Assistance requested', 'Evidence', 'Execution procedures', 'Contact',
    ].map((h) => `<h2>${h}</h2>`);
    const order = ['<h1>Request for mutual legal assistance</h1>', 'EXA-PG/MLA/2026/0042', 'URGENT', ...headings, '<footer>'];
    const body = html.slice(html.indexOf('<body>'));
    const positions = order.map((text) => body.indexOf(text));
    positions.forEach((p, i) => assert.ok(p > 0, `${order[i]} is present`));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions);
  });

  test('shows the offence text, the measures linked to facts and subjects, and how to verify the evidence', () => {
    const html = renderMlaCover(request(), { locale: 'en' });
    assert.ok(html.includes('Whoever recruits, transports or harbours'));
    assert.ok(html.includes('15 years of imprisonment'));
    assert.ok(html.includes('Sale of persons'));
    assert.ok(html.includes('The payments for the victims were received'));
    assert.match(html, /Gamma Placeholder Trading Ltd<\/bdi> \(Company\)/);
    assert.ok(html.includes(`<bdi>${VICTIM_PSEUDONYM}</bdi> (Victim (pseudonymised))`));
    assert.ok(html.includes(BUNDLE_SHA));
    assert.ok(html.includes('evidence/bundle-2026-0001.tar'));
    assert.ok(html.includes('ariadne evidence verify &lt;bundle&gt; --key &lt;published ledger key&gt;'));
    assert.ok(html.includes('any SHA-256 tool'));
  });

  test('prints the sender key fingerprint when given', () => {
    const html = renderMlaCover(request(), { locale: 'fr', signingKeyFingerprint: '0a1b 2c3d 4e5f 6a7b' });
    assert.ok(html.includes('0a1b 2c3d 4e5f 6a7b'));
    assert.ok(html.includes('Demande d’entraide judiciaire'));
    assert.match(html, /<html lang="fr" dir="ltr">/);
  });

  test('renders Arabic right to left, with Arabic labels', () => {
    const html = renderMlaCover(checkMlaRequest(extraditionRequest()), { locale: 'ar' });
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.ok(html.includes('طلب تسليم'));
    assert.ok(html.includes('القبض المؤقت'));
    assert.ok(html.includes(`<code dir="ltr">${BUNDLE_SHA}</code>`), 'hashes stay left to right');
  });
});

describe('mlaPackageMembers', () => {
  test('gives the request as canonical JSON and one cover per language', () => {
    const members = mlaPackageMembers(checkMlaRequest(syntheticRequest()), { coverLocales: ['en', 'ar'] });
    assert.deepEqual(members.map((m) => [m.path, m.role]), [
      ['mla/request.json', 'mla-request'], ['mla/cover.en.html', 'mla-cover'], ['mla/cover.ar.html', 'mla-cover'],
    ]);
    const json = new TextDecoder().decode(members[0]?.bytes);
    assert.ok(json.startsWith('{"case":{"id":"case-17"'), 'keys sorted, no spaces');
    assert.deepEqual(readMlaRequest(members[0]!.bytes), checkMlaRequest(syntheticRequest()));
    assert.match(new TextDecoder().decode(members[2]?.bytes), /dir="rtl"/);
    assert.equal(mlaEvidenceMemberPath({ fileName: 'bundle-2026-0001.tar' }), 'evidence/bundle-2026-0001.tar');
  });

  test('gives the same bytes for the same request, whatever the order of its keys', () => {
    const a = mlaPackageMembers(checkMlaRequest(syntheticRequest()), { coverLocales: ['en', 'fr', 'ar'] });
    const reversed = JSON.parse(JSON.stringify(syntheticRequest(), (_k, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value));
    const b = mlaPackageMembers(checkMlaRequest(reversed), { coverLocales: ['en', 'fr', 'ar'] });
    assert.equal(a.length, b.length);
    a.forEach((m, i) => assert.deepEqual(Buffer.from(m.bytes), Buffer.from(b[i]!.bytes), m.path));
  });

  test('refuses to package a request that breaks the format, such as a named victim', () => {
    // a caller that built the request in code, without checking it
    const named = syntheticRequest();
    named.subjects[2] = { entityId: VICTIM_PSEUDONYM, role: 'victim (pseudonymised)', name: 'Victima Sample', aliases: [] };
    assert.throws(() => mlaPackageMembers(named, { coverLocales: ['en'] }), { code: 'VALIDATION_FAILED' });
  });

  test('refuses no cover language, a repeated one or an unknown one', () => {
    const request = checkMlaRequest(syntheticRequest());
    assert.throws(() => mlaPackageMembers(request, { coverLocales: [] }), { code: 'VALIDATION_FAILED' });
    assert.throws(() => mlaPackageMembers(request, { coverLocales: ['en', 'en'] }), { code: 'VALIDATION_FAILED' });
    assert.throws(() => mlaPackageMembers(request, { coverLocales: ['de' as 'en'] }), { code: 'VALIDATION_FAILED' });
  });

  test('the recipient refuses request.json that is not JSON', () => {
    assert.throws(() => readMlaRequest(new TextEncoder().encode('{"format":')), { code: 'MALFORMED_INPUT' });
    assert.throws(() => readMlaRequest(Uint8Array.of(0xff, 0xfe)), { code: 'MALFORMED_INPUT' });
  });
});
