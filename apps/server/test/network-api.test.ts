/**
 * The network API on a small synthetic case: the graph as each role may see it, filters,
 * analyses answered at once, exports with their journal entry, and who is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkService } from '../src/network/network-service.ts';
import { as, backends, caseWith, openTestApp, system, type TestApp } from './helpers.ts';

for (const backend of backends) {
  describe(`network API (${backend})`, () => {
    let t: TestApp;
    let caseId: string;
    let otherCase: string;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await openTestApp(backend);
      caseId = await caseWith(t, 'Synthetic network case', ['investigator', 'analyst', 'caseworker']);
      otherCase = await caseWith(t, 'Another synthetic case', []);
      const make = async (key: string, schema: string, properties: Record<string, string[]>) => {
        ids[key] = (await t.store.createEntity(system, { caseId, schema, properties }, { source: key.startsWith('pay') ? 'import:bank' : 'ui' })).id;
      };
      await make('group', 'Organization', { name: ['Synthetic Armed Group A'] });
      await make('recruiter', 'Person', { name: ['Recruiter One'], phone: ['+964 770 000 0001'] });
      await make('broker', 'Person', { name: ['Broker Two'], phone: ['+9647700000001'] });
      await make('guard', 'Person', { name: ['Guard Three'] });
      await make('person4', 'Person', { name: ['Person Four'] });
      await make('m1', 'Membership', { member: [ids.recruiter!], organization: [ids.group!], role: ['recruiter'], startDate: ['2016-01'] });
      await make('m2', 'Membership', { member: [ids.guard!], organization: [ids.group!], startDate: ['2016-06'] });
      await make('pay1', 'Payment', { payer: [ids.broker!], beneficiary: [ids.recruiter!], date: ['2016-03-02'], amount: ['500'] });
      await make('pay2', 'Payment', { payer: [ids.broker!], beneficiary: [ids.recruiter!], date: ['2016-04-09'], amount: ['700'] });
      await make('exploit', 'Exploitation', { perpetrator: [ids.guard!], victim: [ids.person4!], form: ['forced_labour'], startDate: ['2016-07'] });
    });
    after(async () => t.close());

    const get = async (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: as(await t.signIn(who)) });
    const post = async (who: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: as(await t.signIn(who)), payload: payload as object });

    test('an investigator sees the case network with the shared phone as a link, and no sealed exploitation', async () => {
      const res = await get('investigator', `/api/cases/${caseId}/network`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const identifiers = body.nodes.filter((n: { schema: string }) => n.schema === 'Identifier');
      assert.equal(identifiers.length, 1, 'the phone both persons hold (written two ways) is one identifier node');
      assert.doesNotMatch(identifiers[0].id, /7700000001/, 'no raw phone number in an id');
      assert.equal(body.edges.some((e: { kind: string }) => e.kind === 'exploitation'), false);
      const payment = body.edges.filter((e: { kind: string }) => e.kind === 'payment');
      assert.equal(payment.length, 1, 'two payments between the same pair are one tie');
      assert.equal(payment[0].weight, 2);
      assert.equal(body.truncated, false);
    });

    test('filters: relation kinds, time window and provenance', async () => {
      const kinds = (await get('analyst', `/api/cases/${caseId}/network?kinds=payment`)).json();
      assert.deepEqual([...new Set(kinds.edges.map((e: { kind: string }) => e.kind))], ['payment']);
      const window = (await get('analyst', `/api/cases/${caseId}/network?from=2016-05&to=2016-12&datedOnly=1`)).json();
      assert.deepEqual(window.edges.map((e: { type: string }) => e.type), ['Membership'], 'only the guard joined in that window');
      const sourced = (await get('analyst', `/api/cases/${caseId}/network?sources=import:bank`)).json();
      assert.ok(sourced.edges.length >= 1);
      assert.ok(sourced.edges.every((e: { sources: string[] }) => e.sources.includes('import:bank')));
      assert.equal((await get('analyst', `/api/cases/${caseId}/network?kinds=bribery`)).statusCode, 400);
    });

    /**
     * The finished job: answered at once (200) when the worker ends within the server's wait, else
     * 202 with the running job, then polled. How long a worker takes to start is the machine's
     * business (a loaded CI machine may take longer than the wait), so both answers are right.
     */
    async function finished(user: string, res: { statusCode: number; body: string; json(): unknown }) {
      assert.ok(res.statusCode === 200 || res.statusCode === 202, res.body);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the analyses' results, read as JSON
      let job = res.json() as { id: string; state: string; result: { kind: string; result: any } };
      while (job.state === 'queued' || job.state === 'active') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        job = (await get(user, `/api/network/analyses/${job.id}`)).json();
      }
      return job;
    }

    test('an analysis on a small network is answered with its result and explanations', async () => {
      const res = await post('analyst', `/api/cases/${caseId}/network/analyses`, { analysis: { kind: 'centrality', measure: 'degree', top: 3 } });
      const job = await finished('analyst', res);
      assert.equal(job.state, 'completed');
      assert.equal(job.result.kind, 'centrality');
      assert.equal(job.result.result.top.length, 3);
      assert.ok(job.result.result.top.every((r: { explanation: string }) => r.explanation.length > 10));
      const again = await get('analyst', `/api/network/analyses/${job.id}`);
      assert.equal(again.statusCode, 200);
      assert.equal((await get('investigator', `/api/network/analyses/${job.id}`)).statusCode, 404, "another user's analysis is not visible");
    });

    test('a path and a disruption plan between roles', async () => {
      const path = await finished('investigator', await post('investigator', `/api/cases/${caseId}/network/analyses`, { analysis: { kind: 'paths', from: ids.broker, to: ids.guard, mode: 'shortest' } }));
      assert.deepEqual(path.result.result.paths[0].nodes, [ids.broker, ids.recruiter, ids.group, ids.guard]);
      const plan = await finished('investigator', await post('investigator', `/api/cases/${caseId}/network/analyses`, { analysis: { kind: 'disruption', k: 1, objective: 'fragmentation' } }));
      const result = plan.result.result;
      assert.equal(result.remove.length, 1);
      assert.ok(result.after.fragmentation >= result.before.fragmentation);
      assert.ok('baseline' in result);
    });

    test('bad requests are refused with a problem, not a failed job', async () => {
      const unknown = await post('investigator', `/api/cases/${caseId}/network/analyses`, { analysis: { kind: 'paths', from: ids.broker, to: 'no-such-entity', mode: 'shortest' } });
      assert.equal(unknown.statusCode, 404, unknown.body);
      assert.match(unknown.headers['content-type'] as string, /problem\+json/);
      const bad = await post('investigator', `/api/cases/${caseId}/network/analyses`, { analysis: { kind: 'disruption', k: 0, objective: 'fragmentation' } });
      assert.equal(bad.statusCode, 400);
      const noKind = await post('investigator', `/api/cases/${caseId}/network/analyses`, { analysis: { kind: 'astrology' } });
      assert.equal(noKind.statusCode, 400);
    });

    test('export: GEXF for those who may export, journalled with its hash', async () => {
      const res = await get('investigator', `/api/cases/${caseId}/network/export?format=gexf`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.headers['content-type'] as string, /gexf/);
      assert.match(res.body, /<gexf/);
      const journal = await t.store.listJournal({ caseId }, { limit: 200 });
      assert.ok(journal.items.some((e) => e.action === 'network.export:gexf' && e.contentHash !== null));
      assert.equal((await get('analyst', `/api/cases/${caseId}/network/export?format=graphml`)).statusCode, 403, 'analysts may not export');
    });

    test('a reader cleared for sealed data gets the exploitation, and each sealed record read is journalled first', async () => {
      const service = new NetworkService({ store: t.store, now: () => new Date() });
      const sealedReads = async () => (await t.store.listJournal({ entityId: ids.exploit! }, { limit: 50 })).items.filter((e) => e.action === 'entity.read.sealed:network');
      const before = (await sealedReads()).length;
      const reader = { actor: { kind: 'user' as const, id: t.users.caseworker.id }, userId: t.users.caseworker.id };
      const cleared = await service.load({ ...reader, sealed: true }, caseId, {});
      assert.ok(cleared.edges.some((e) => e.kind === 'exploitation'));
      const reads = await sealedReads();
      assert.equal(reads.length, before + 1);
      assert.equal(reads.at(-1)!.actor, `user:${t.users.caseworker.id}`);
      const uncleared = await service.load({ ...reader, sealed: false }, caseId, {});
      assert.equal(uncleared.edges.some((e) => e.kind === 'exploitation'), false);
      assert.equal((await sealedReads()).length, before + 1, 'nothing sealed was read, nothing journalled');
      service.close();
    });

    test('deny by default: non-members, roles without network:read', async () => {
      assert.equal((await get('investigator', `/api/cases/${otherCase}/network`)).statusCode, 404);
      assert.equal((await get('caseworker', `/api/cases/${caseId}/network`)).statusCode, 403);
      assert.equal((await get('admin', `/api/cases/${caseId}/network`)).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/network` })).statusCode, 401);
    });
  });
}
