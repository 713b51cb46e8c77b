import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isAriadneError } from '@ariadne/schema';
import type { ExploitationForm, Movement, Place, RouteStage } from '../src/types.ts';
import {
  aggregateFlows, compareCorridors, corridorsOf, topCorridors, type Flow,
} from '../src/routes/flows.ts';

// Synthetic movements. A stop is written "CC" (country) or "CC:PCODE", with an optional "@date".
function stage(role: RouteStage['role'], stop: string): RouteStage {
  const [where, date] = stop.split('@') as [string, string | undefined];
  const [country, pcode] = where.split(':') as [string, string | undefined];
  const place: Place = { ...(country === '' ? {} : { country }), ...(pcode === undefined ? {} : { pcode }) };
  return date === undefined ? { role, place } : { role, place, date };
}
let nextId = 0;
function movement(stops: string[], count = 1, forms: ExploitationForm[] = [], id = `m${++nextId}`): Movement {
  const stages = stops.map((stop, i) => stage(i === 0 ? 'origin' : i === stops.length - 1 ? 'destination' : 'transit', stop));
  return { id, source: 'test', stages, count, forms, subjects: [`person-${id}`] };
}
const route = (f: Pick<Flow, 'origin' | 'transit' | 'destination'>): string => [f.origin, ...f.transit, f.destination].join(' > ');

describe('flows at country level', () => {
  const movements = [
    movement(['SY@2023-01-10', 'TR@2023-01-20', 'DE@2023-02-01'], 2, ['forced_labour']),
    movement(['SY@2023-03-01', 'TR', 'DE@2023-03-15'], 3, ['sexual_exploitation']),
    movement(['SY', 'LB', 'DE'], 1),
    movement(['IQ@2023-05', 'IQ@2023-06'], 4, ['forced_marriage']),
    // Two governorates of Syria, then Türkiye: one stop in Syria at country level.
    movement(['SY:XX01', 'SY:XX02', 'TR'], 1, ['forced_labour', 'sexual_exploitation']),
  ];
  const { flows, skipped } = aggregateFlows(movements, { level: 'country' });

  test('groups by origin, transit chain and destination, largest first', () => {
    assert.deepEqual(skipped, []);
    assert.deepEqual(flows.map((f) => [route(f), f.count, f.movements]), [
      ['SY > TR > DE', 5, 2],
      ['IQ > IQ', 4, 1],
      ['SY > TR', 1, 1],
      ['SY > LB > DE', 1, 1],
    ]);
  });

  test('a flow carries its dates and forms of exploitation', () => {
    assert.deepEqual(flows[0], {
      origin: 'SY', transit: ['TR'], destination: 'DE', count: 5, movements: 2,
      firstDate: '2023-01-10', lastDate: '2023-03-15', forms: ['sexual_exploitation', 'forced_labour'],
    });
    assert.deepEqual([flows[1]!.firstDate, flows[1]!.lastDate], ['2023-05', '2023-06']);
    assert.deepEqual([flows[3]!.firstDate, flows[3]!.lastDate, flows[3]!.forms], [undefined, undefined, []]);
  });

  test('the persons behind a movement never reach the result', () => {
    assert.doesNotMatch(JSON.stringify(flows), /person-/);
  });

  test('any iterable will do, and a large input stays a small result', () => {
    function* many(): Generator<Movement> {
      for (let i = 0; i < 100_000; i++) yield movement([['SY', 'IQ', 'YE'][i % 3]!, 'TR', 'DE'], 1 + (i % 2), [], `bulk-${i}`);
    }
    const result = aggregateFlows(many(), { level: 'country' });
    assert.equal(result.flows.length, 3);
    assert.equal(result.flows.reduce((sum, f) => sum + f.count, 0), 150_000);
    assert.equal(result.flows.reduce((sum, f) => sum + f.movements, 0), 100_000);
  });
});

describe('flows at P-code level', () => {
  test('routes between admin areas; a movement without a P-code is skipped with the stage named', () => {
    const movements = [
      movement(['XX:XX0101', 'XX:XX0201', 'YY:YY0301'], 2, [], 'p1'),
      movement(['XX:XX0101', 'XX:XX0201', 'YY:YY0301'], 1, [], 'p2'),
      movement(['XX:XX0101', 'XX:XX0101', 'YY:YY0301'], 1, [], 'p3'),
      movement(['XX:XX0101', 'XX', 'YY:YY0301'], 5, [], 'p4'),
    ];
    const { flows, skipped } = aggregateFlows(movements, { level: 'pcode' });
    assert.deepEqual(flows.map((f) => [route(f), f.count]), [['XX0101 > XX0201 > YY0301', 3], ['XX0101 > YY0301', 1]]);
    assert.deepEqual(skipped, [{ record: 4, id: 'p4', reason: 'stage 2 (transit) has no P-code' }]);
  });
});

describe('corridors', () => {
  const { flows } = aggregateFlows([
    movement(['SY@2023-01-10', 'TR', 'DE@2023-02-01'], 5, ['forced_labour']),
    movement(['SY', 'LB', 'DE@2023-04-01'], 1, ['servitude']),
    movement(['SY', 'DE'], 1),
    movement(['IQ', 'IQ'], 4),
    movement(['AF', 'IR', 'TR'], 2),
  ], { level: 'country' });

  test('origin → destination pairs, transit collapsed, ranked by count', () => {
    assert.deepEqual(corridorsOf(flows), [
      { origin: 'SY', destination: 'DE', count: 7, movements: 3, routes: 3, firstDate: '2023-01-10', lastDate: '2023-04-01', forms: ['forced_labour', 'servitude'] },
      { origin: 'IQ', destination: 'IQ', count: 4, movements: 1, routes: 1, firstDate: undefined, lastDate: undefined, forms: [] },
      { origin: 'AF', destination: 'TR', count: 2, movements: 1, routes: 1, firstDate: undefined, lastDate: undefined, forms: [] },
    ]);
  });

  test('the top N', () => {
    assert.deepEqual(topCorridors(flows, 2).map((c) => `${c.origin}>${c.destination}`), ['SY>DE', 'IQ>IQ']);
    assert.equal(topCorridors(flows).length, 3);
    assert.deepEqual(topCorridors(flows, 0), []);
    assert.throws(() => topCorridors(flows, -1), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
  });
});

describe('change between two periods', () => {
  const earlier = { from: '2023-01-01', to: '2023-06-30' };
  const later = { from: '2023-07-01', to: '2023-12-31' };
  const movements = [
    movement(['SY', 'TR', 'DE@2023-02-01'], 5), //   SY>DE earlier 5
    movement(['SY', 'DE@2023-08-01'], 6), //         SY>DE later 6 …
    movement(['SY', 'LB', 'DE@2023-09'], 2), //      … + 2 (a month inside the period)
    movement(['IQ', 'JO@2023-03-03'], 4), //         IQ>JO gone
    movement(['AF', 'IR@2023-11-30'], 3), //         AF>IR new
    movement(['SY', 'TR@2023-06'], 2), //            SY>TR earlier 2 (June lies inside the earlier period)
    movement(['SY', 'TR@2023-12-31'], 1), //         SY>TR later 1: shrinking
    movement(['YE', 'SA@2023-01-01'], 2), //         YE>SA stable
    movement(['YE', 'SA@2023-07-01'], 2),
    movement(['YE', 'SA'], 9), //                    no date: in no period
    movement(['YE', 'SA@2024-01-05'], 9), //         after both periods: not counted, not a problem
  ];

  test('each corridor with its count per period and its trend', () => {
    const { changes, skipped } = compareCorridors(movements, { level: 'country', earlier, later });
    assert.deepEqual(changes.map((c) => [`${c.origin}>${c.destination}`, c.earlier, c.later, c.change, c.trend]), [
      ['IQ>JO', 4, 0, -4, 'gone'],
      ['SY>DE', 5, 8, 3, 'growing'], // equal change: the larger later count first
      ['AF>IR', 0, 3, 3, 'new'],
      ['SY>TR', 2, 1, -1, 'shrinking'],
      ['YE>SA', 2, 2, 0, 'stable'],
    ]);
    assert.deepEqual(changes.find((c) => c.origin === 'SY' && c.destination === 'DE')!.movementsLater, 2);
    assert.equal(skipped.length, 1, 'the undated movement, reported once');
    assert.equal(skipped[0]!.reason, 'has no date, so no period');
  });

  test('a month-only date across a period edge is skipped, not guessed', () => {
    const { changes, skipped } = compareCorridors([movement(['SY', 'TR@2023-06'], 7, [], 'edge')], {
      level: 'country', earlier: { from: '2023-01-01', to: '2023-06-15' }, later: { from: '2023-06-16', to: '2023-12-31' },
    });
    assert.deepEqual(changes, []);
    assert.equal(skipped.length, 2, 'it straddles the edge of each period');
    assert.match(skipped[0]!.reason, /spans the edge of the period 2023-01-01 to 2023-06-15/);
  });

  test('periods must be real, ordered and must not overlap', () => {
    const refused = (earlierPeriod: { from: string; to: string }, laterPeriod: { from: string; to: string }) => assert.throws(
      () => compareCorridors(movements, { level: 'country', earlier: earlierPeriod, later: laterPeriod }),
      (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED',
    );
    refused(earlier, earlier);
    refused(later, earlier);
    refused({ from: '2023-01-01', to: '2023-07-01' }, later);
    refused({ from: '2023-02-30', to: '2023-06-30' }, later);
    refused({ from: '2023-01', to: '2023-06-30' }, later);
    refused({ from: '2023-06-30', to: '2023-01-01' }, later);
  });

  test('aggregateFlows takes a period too', () => {
    const { flows } = aggregateFlows(movements, { level: 'country', period: later });
    assert.deepEqual(flows.map((f) => [route(f), f.count]), [['SY > DE', 6], ['AF > IR', 3], ['SY > LB > DE', 2], ['YE > SA', 2], ['SY > TR', 1]]);
  });
});

describe('bad movements are skipped whole, each with its record number and reason', () => {
  test('unknown places, malformed stages, impossible dates, bad counts, repeats', () => {
    const good = movement(['SY', 'TR'], 1, [], 'ok-1');
    const input: unknown[] = [
      good, //                                                          1
      movement(['SY', 'XX', 'TR'], 1, [], 'b2'), //                     2 unknown country
      movement(['SYR', 'TR'], 1, [], 'b3'), //                          3 alpha-3 where alpha-2 belongs
      movement(['SY', ''], 1, [], 'b4'), //                             4 no country
      { id: 'b5', source: 'test', stages: [], count: 1, forms: [] }, // 5 no stages
      { ...movement(['SY', 'TR'], 1, [], 'b6'), stages: [stage('destination', 'TR'), stage('origin', 'SY')] }, // 6 reversed
      { ...movement(['SY', 'TR'], 1, [], 'b7'), stages: [stage('origin', 'SY'), stage('origin', 'IQ'), stage('destination', 'TR')] }, // 7 two origins
      movement(['SY@2023-02-30', 'TR'], 1, [], 'b8'), //                8 impossible date
      movement(['SY@2023-05-01', 'TR@2023-04-01'], 1, [], 'b9'), //     9 backwards
      movement(['SY', 'TR'], 0, [], 'b10'), //                         10 zero persons
      movement(['SY', 'TR'], 1.5, [], 'b11'), //                       11 not whole
      movement(['SY', 'TR'], Number.NaN, [], 'b12'), //                12 not a number
      movement(['SY', 'TR'], 1, [], 'ok-1'), //                        13 repeated id
      movement(['SY', 'TR'], 1, ['trafficking' as ExploitationForm], 'b14'), // 14 unknown form
      null, //                                                         15 not a movement
      { ...movement(['SY', 'TR'], 1), id: '' }, //                     16 no id
      movement(['SY@yesterday', 'TR'], 1, [], 'b17'), //               17 not a date
      { ...movement(['SY', 'TR'], 1, [], 'b18'), stages: [{ role: 'origin', place: null }, stage('destination', 'TR')] }, // 18 null place
      movement(['IQ', 'JO'], 2, [], 'ok-2'), //                        19
    ];
    const { flows, skipped } = aggregateFlows(input as Movement[], { level: 'country' });
    assert.deepEqual(flows.map((f) => [route(f), f.count]), [['IQ > JO', 2], ['SY > TR', 1]]);
    assert.deepEqual(skipped.map((s) => [s.record, s.reason]), [
      [2, 'stage 2 (transit) has an unknown country code "XX"'],
      [3, 'stage 1 (origin) has an unknown country code "SYR"'],
      [4, 'stage 2 (destination) has no country'],
      [5, 'needs an origin and a destination stage'],
      [6, 'the first stage is not the origin'],
      [7, 'stage 2 is "origin" where a transit stage belongs'],
      [8, 'stage 1 (origin) date "2023-02-30" is not a real date'],
      [9, 'stage 2 (destination) is dated before the stage before it'],
      [10, 'count 0 is not a positive whole number'],
      [11, 'count 1.5 is not a positive whole number'],
      [12, 'count NaN is not a positive whole number'],
      [13, 'repeats the id of an earlier movement'],
      [14, 'unknown form of exploitation "trafficking"'],
      [15, 'not a movement'],
      [16, 'has no id'],
      [17, 'stage 1 (origin) date "yesterday" is not a real date'],
      [18, 'stage 1 (origin) has no place'],
    ]);
    assert.equal(skipped[1]!.id, 'b3');
  });

  test('an unknown level is refused', () => {
    assert.throws(() => aggregateFlows([], { level: 'region' as never }), (e) => isAriadneError(e) && e.code === 'VALIDATION_FAILED');
  });
});
