/**
 * The finance API client: what goes in paths, headers and bodies (ids only in paths, the column
 * map in a header, names never in a URL), uploads with progress, the goAML download and its
 * refusals, and the live alert stream read as untrusted data.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alertStreamUrl, attachmentName, columnMapHeader, exportReport, financeApi, importFile, MAX_COLUMN_MAP_BYTES, parseAlertEvent, reportSummaryUrl, subscribeAlerts,
} from '../src/api/finance.ts';
import { setCsrfToken } from '../src/api/http.ts';
import { ApiError } from '../src/api/problem.ts';

const realFetch = globalThis.fetch;
type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };
let calls: Call[] = [];

function script(...answers: [number, unknown, Record<string, string>?][]): void {
  calls = [];
  let i = 0;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body });
    const [status, body, headers] = answers[Math.min(i++, answers.length - 1)]!;
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  }) as typeof fetch;
}

/** A scripted XMLHttpRequest: records what was sent, reports progress in two steps, answers `status`/`body`. */
class FakeXhr {
  static last: FakeXhr | null = null;
  static answer: { status: number; body: string; fail?: 'network' } = { status: 201, body: '{}' };
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: unknown = null;
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  withCredentials = false;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    FakeXhr.last = this;
  }
  setRequestHeader(name: string, value: string): void {
    // as browsers do: a header value must be Latin-1
    if ([...value].some((c) => c.charCodeAt(0) > 0xff)) throw new TypeError('not a ByteString');
    this.headers[name] = value;
  }
  send(body: unknown): void {
    this.sent = body;
    const size = (body as Blob).size;
    queueMicrotask(() => {
      this.upload.onprogress?.({ loaded: Math.floor(size / 2), total: size, lengthComputable: true });
      this.upload.onprogress?.({ loaded: size, total: size, lengthComputable: true });
      if (FakeXhr.answer.fail === 'network') return this.onerror?.();
      this.status = FakeXhr.answer.status;
      this.responseText = FakeXhr.answer.body;
      this.onload?.();
    });
  }
  abort(): void {
    queueMicrotask(() => this.onabort?.());
  }
}

afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
  delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
  delete (globalThis as { EventSource?: unknown }).EventSource;
});

const importResult = {
  dataset: { id: 'd1', caseId: 'c1', source: 'x.csv', format: 'csv', sha256: 'ab', importedAt: '2024-01-01T00:00:00.000Z', importedBy: 'user:u1', transactions: 3, accounts: 0, errors: 1 },
  unchanged: false, stored: 3, accounts: 0, errorCount: 1, errors: [{ record: '4', field: 'amount', message: 'not a number' }], newAlerts: 2,
};

describe('finance calls', () => {
  test('the alert queue: filters in the query, ids in the path, triage in the body with the CSRF header', async () => {
    setCsrfToken('csrf-synthetic');
    script([200, { items: [], next: null }], [200, {}], [201, {}], [200, {}]);
    await financeApi.alerts({ caseId: 'c1', status: 'new', minScore: 0.5, assignee: 'u1', cursor: null });
    await financeApi.updateAlert('a/1', { status: 'closed', disposition: 'not_suspicious', note: 'Payroll of a synthetic employer' });
    await financeApi.addNote('a1', 'Called the synthetic bank');
    await financeApi.network('a1');
    assert.equal(calls[0]!.url, '/api/finance/alerts?caseId=c1&status=new&minScore=0.5&assignee=u1');
    assert.equal(calls[1]!.url, '/api/finance/alerts/a%2F1');
    assert.equal(calls[1]!.method, 'PATCH');
    assert.equal(calls[1]!.headers['X-CSRF-Token'], 'csrf-synthetic');
    assert.deepEqual(JSON.parse(calls[1]!.body as string), { status: 'closed', disposition: 'not_suspicious', note: 'Payroll of a synthetic employer' });
    assert.equal(calls[2]!.url, '/api/finance/alerts/a1/notes');
    assert.equal(calls[3]!.url, '/api/finance/alerts/a1/network');
  });

  test('FIU cases: created with the alert ids, listed by case, edited with a patch', async () => {
    script([201, { id: 'f1' }], [200, { items: [], next: null }], [200, { id: 'f1' }]);
    await financeApi.createFiuCase({ caseId: 'c1', title: 'Synthetic funnel', alertIds: ['a1'] });
    await financeApi.fiuCases({ caseId: 'c1', limit: 50 });
    await financeApi.updateFiuCase('f1', { reason: 'Funnel', addAlertIds: ['a2'] });
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['POST /api/finance/cases', 'GET /api/finance/cases?caseId=c1&limit=50', 'PATCH /api/finance/cases/f1']);
    assert.deepEqual(JSON.parse(calls[0]!.body as string), { caseId: 'c1', title: 'Synthetic funnel', alertIds: ['a1'] });
  });

  test('links: the summary with its schema version, the stream of a case', () => {
    assert.equal(reportSummaryUrl('f/1', '2.0'), '/api/finance/cases/f%2F1/summary?schemaVersion=2.0');
    assert.equal(reportSummaryUrl('f1'), '/api/finance/cases/f1/summary');
    assert.equal(alertStreamUrl('c 1'), '/api/cases/c%201/finance/alerts/stream');
  });
});

describe('importing a file', () => {
  test('the file is the body, the map a header with non-ASCII escaped; progress is reported', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    FakeXhr.answer = { status: 201, body: JSON.stringify(importResult) };
    setCsrfToken('csrf-synthetic');
    const file = new Blob(['Réf,De,À,Montant,Date\n']);
    const progress: number[] = [];
    const result = await importFile({
      caseId: 'c/1', file, source: 'relevé mars.csv', format: 'csv',
      map: { id: 'Réf', from: 'De', to: 'À', amount: 'Montant', timestamp: 'Date', delimiter: ',' }, onProgress: (sent) => progress.push(sent),
    });
    assert.deepEqual(result, importResult);
    const xhr = FakeXhr.last!;
    assert.equal(xhr.method, 'POST');
    assert.equal(xhr.url, '/api/cases/c%2F1/finance/imports?format=csv&source=relev%C3%A9+mars.csv');
    assert.equal(xhr.headers['Content-Type'], 'text/csv');
    assert.equal(xhr.headers['X-CSRF-Token'], 'csrf-synthetic');
    assert.equal(xhr.sent, file);
    assert.deepEqual(JSON.parse(xhr.headers['X-Column-Map']!), { id: 'Réf', from: 'De', to: 'À', amount: 'Montant', timestamp: 'Date', delimiter: ',' });
    assert.match(xhr.headers['X-Column-Map']!, /^[\x20-\x7e]+$/);
    assert.deepEqual(progress, [Math.floor(file.size / 2), file.size, file.size]);
  });

  test('other formats go with their content type and no map', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    FakeXhr.answer = { status: 201, body: JSON.stringify(importResult) };
    await importFile({ caseId: 'c1', file: new Blob(['<x/>']), source: 'camt.xml', format: 'iso20022' });
    assert.equal(FakeXhr.last!.headers['Content-Type'], 'application/xml');
    assert.equal(FakeXhr.last!.headers['X-Column-Map'], undefined);
    await importFile({ caseId: 'c1', file: new Blob(['{}\n']), source: 'p.ndjson', format: 'ftm' });
    assert.equal(FakeXhr.last!.headers['Content-Type'], 'application/x-ndjson');
  });

  test('a problem answer, a broken connection, a CSV without a map or a huge map are ApiErrors', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    FakeXhr.answer = { status: 422, body: JSON.stringify({ title: 'Bad map', code: 'ARIADNE_VALIDATION_FAILED', errors: { amount: 'column "Amt" is not in the header' } }) };
    const refused = await importFile({ caseId: 'c1', file: new Blob(['x']), source: 'x.csv', format: 'csv', map: { id: 'a' } }).catch((e: unknown) => e);
    assert.ok(refused instanceof ApiError);
    assert.equal(refused.status, 422);
    assert.equal(refused.problem.errors.amount, 'column "Amt" is not in the header');

    FakeXhr.answer = { status: 0, body: '', fail: 'network' };
    const broken = await importFile({ caseId: 'c1', file: new Blob(['x']), source: 'x.xml', format: 'iso20022' }).catch((e: unknown) => e);
    assert.ok(broken instanceof ApiError && broken.code === 'ARIADNE_NETWORK');

    FakeXhr.answer = { status: 201, body: 'not json' };
    const garbled = await importFile({ caseId: 'c1', file: new Blob(['x']), source: 'x.xml', format: 'iso20022' }).catch((e: unknown) => e);
    assert.ok(garbled instanceof ApiError, 'a 2xx that is not an import result is not taken for one');

    FakeXhr.last = null;
    const noMap = await importFile({ caseId: 'c1', file: new Blob(['x']), source: 'x.csv', format: 'csv' }).catch((e: unknown) => e);
    assert.ok(noMap instanceof ApiError && noMap.code === 'ARIADNE_VALIDATION_FAILED');
    const huge = await importFile({ caseId: 'c1', file: new Blob(['x']), source: 'x.csv', format: 'csv', map: { id: 'x'.repeat(MAX_COLUMN_MAP_BYTES) } })
      .catch((e: unknown) => e);
    assert.ok(huge instanceof ApiError && huge.code === 'ARIADNE_PAYLOAD_TOO_LARGE');
    assert.equal(FakeXhr.last, null, 'nothing was sent');
  });

  test('an aborted upload rejects with an AbortError', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(importFile({ caseId: 'c1', file: new Blob(['x']), source: 'x.xml', format: 'iso20022', signal: controller.signal }), { name: 'AbortError' });
  });

  test('the column map header escapes every non-ASCII character and reads back the same', () => {
    const map = { id: 'المعرف', from: 'Débiteur', to: 'To\u2028', amount: 'Amount', timestamp: 'Date' };
    const header = columnMapHeader(map);
    assert.match(header, /^[\x20-\x7e]+$/);
    assert.deepEqual(JSON.parse(header), map);
  });
});

describe('the goAML export', () => {
  test('the XML comes back as a download with the name and hash the server gave', async () => {
    setCsrfToken('csrf-synthetic');
    script([200, '<?xml version="1.0"?><report/>', {
      'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': 'attachment; filename="goaml-f1-5.0.2.xml"; filename*=UTF-8\'\'goaml-f1-5.0.2.xml',
      'X-Report-SHA256': 'ab'.repeat(32),
    }]);
    const file = await exportReport('f1', { schemaVersion: '5.0.2' });
    assert.equal(file.filename, 'goaml-f1-5.0.2.xml');
    assert.equal(file.sha256, 'ab'.repeat(32));
    assert.equal(await file.xml.text(), '<?xml version="1.0"?><report/>');
    assert.equal(calls[0]!.url, '/api/finance/cases/f1/report');
    assert.equal(calls[0]!.headers['X-CSRF-Token'], 'csrf-synthetic');
    assert.deepEqual(JSON.parse(calls[0]!.body as string), { schemaVersion: '5.0.2' });
  });

  test("a report the schema refuses is a 422 ApiError carrying the schema's errors", async () => {
    script([422, { title: 'Invalid', status: 422, code: 'ARIADNE_VALIDATION_FAILED', detail: 'The report does not validate against goAML 5.0.2.',
      errors: { '/report/reason': 'Element reason: too long' } }, { 'Content-Type': 'application/problem+json' }]);
    const error = await exportReport('f1', { schemaVersion: '5.0.2', includeVictims: true, victimPurpose: 'Prosecution of the synthetic case' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 422);
    assert.deepEqual(error.problem.errors, { '/report/reason': 'Element reason: too long' });
    assert.deepEqual(JSON.parse(calls[0]!.body as string), { schemaVersion: '5.0.2', includeVictims: true, victimPurpose: 'Prosecution of the synthetic case' });
  });

  test('file names from Content-Disposition are kept to safe characters', () => {
    assert.equal(attachmentName('attachment; filename="report-1.xml"', 'x.xml'), 'report-1.xml');
    assert.equal(attachmentName("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", 'x.xml'), 'etc_passwd');
    assert.equal(attachmentName("attachment; filename*=UTF-8''%E0%A4%A", 'x.xml'), 'x.xml', 'a broken escape falls back');
    assert.equal(attachmentName('attachment; filename=plain.xml', 'x.xml'), 'plain.xml');
    assert.equal(attachmentName(null, 'fallback.xml'), 'fallback.xml');
    assert.equal(attachmentName('attachment; filename="..."', 'fallback.xml'), 'fallback.xml');
  });
});

describe('the live alert stream', () => {
  test('messages are checked: only { id, typology, score, change } passes', () => {
    assert.deepEqual(parseAlertEvent('{"id":"a1","typology":"ml-fan-in","score":0.8,"change":"new","extra":"x"}'), { id: 'a1', typology: 'ml-fan-in', score: 0.8, change: 'new' });
    for (const bad of ['', 'not json', 'null', '[]', '{"id":"","typology":"t","score":1,"change":"new"}', '{"id":"a","typology":"t","score":"1","change":"new"}',
      '{"id":"a","typology":"t","score":1,"change":"deleted"}', '{"id":"a","score":1,"change":"new"}', '{"id":"a","typology":"t","score":1e999,"change":"new"}']) {
      assert.equal(parseAlertEvent(bad), null, bad);
    }
  });

  test('alerts are handed on; the server ending the stream for lost access closes it for good', () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      readonly listeners = new Map<string, ((e: { data?: string }) => void)[]>();
      closed = false;
      constructor(readonly url: string, readonly init: { withCredentials?: boolean }) {
        sources.push(this);
      }
      addEventListener(type: string, fn: (e: { data?: string }) => void): void {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
      }
      emit(type: string, data?: string): void {
        for (const fn of this.listeners.get(type) ?? []) fn({ data });
      }
      close(): void {
        this.closed = true;
      }
    }
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    const seen: string[] = [];
    const ended: string[] = [];
    const sub = subscribeAlerts('c1', { onAlert: (e) => seen.push(`${e.change}:${e.id}`), onEnd: (r) => ended.push(r) });
    const source = sources[0]!;
    assert.equal(source.url, '/api/cases/c1/finance/alerts/stream');
    source.emit('alert', '{"id":"a1","typology":"ml-fan-in","score":0.8,"change":"new"}');
    source.emit('alert', '{"id":"<script>"'); // garbled: ignored
    source.emit('alert', '{"id":"a1","typology":"ml-fan-in","score":0.8,"change":"updated"}');
    source.emit('close', '{"reason":"timeout"}'); // the browser reconnects by itself
    assert.equal(source.closed, false);
    source.emit('close', '{"reason":"unauthorised"}');
    assert.equal(source.closed, true);
    assert.deepEqual(seen, ['new:a1', 'updated:a1']);
    assert.deepEqual(ended, ['unauthorised']);
    sub.close();
  });
});
