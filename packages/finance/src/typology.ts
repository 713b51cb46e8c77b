/**
 * Typologies: how detector findings combine into a score an analyst acts on, in the style of
 * Tazama's rule → typology model. A typology lists weighted rules (detectors, each with optional
 * parameter overrides) and an investigation threshold. Findings of a typology's detectors at the
 * same anchor whose time spans lie within `mergeHours` of each other are one case of the
 * typology; its score is the weighted sum of each rule's best finding, capped at 1; at or above
 * the threshold it becomes an alert.
 *
 * The configuration is data (`typologies.json`, or an FIU's own file) validated here, so a
 * typology can be tuned or added without code.
 */
import { z } from 'zod';
import { AriadneError } from '@ariadne/schema';
import type { AnyDetector, DetectorParams, Finding } from './detector.ts';
import type { TransactionGraph } from './tx-graph.ts';

export interface TypologyRule {
  readonly detector: string;
  readonly weight: number;
  readonly params?: DetectorParams;
}

export interface Typology {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly rules: readonly TypologyRule[];
  /** investigation threshold on the typology score, 0..1 */
  readonly threshold: number;
  /** findings at one anchor closer than this in time are one case of the typology (default 168 h) */
  readonly mergeHours?: number;
}

export interface ScoringConfig {
  /** `<name>@<version>`, stored with every alert so a decision can be traced to its configuration */
  readonly algorithm: string;
  readonly typologies: readonly Typology[];
}

const paramValue = z.union([z.number().finite(), z.boolean(), z.string().max(200), z.array(z.string().max(200)).max(500)]);
const configSchema = z.object({
  algorithm: z.string().regex(/^[^\s@]{1,100}@[^\s@]{1,50}$/, 'name it <name>@<version>'),
  typologies: z.array(z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(1).max(200),
    description: z.string().max(2000),
    rules: z.array(z.object({
      detector: z.string().min(1).max(100),
      weight: z.number().finite().positive().max(1),
      params: z.record(z.string(), paramValue).optional(),
    }).strict()).min(1).max(50),
    threshold: z.number().finite().min(0).max(1),
    mergeHours: z.number().finite().positive().max(24 * 366).optional(),
  }).strict()).min(1).max(200),
}).strict();

/**
 * Validates a scoring configuration against the detectors that exist: an unknown detector or
 * parameter, or a parameter of the wrong type, is refused with the path of each problem.
 */
export function parseScoringConfig(json: unknown, detectors: ReadonlyMap<string, AnyDetector>): ScoringConfig {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const details: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 20)) details[issue.path.join('.') || '(root)'] = issue.message;
    throw new AriadneError('VALIDATION_FAILED', 'The scoring configuration is not valid.', { details });
  }
  const details: Record<string, string> = {};
  const ids = new Set<string>();
  parsed.data.typologies.forEach((typology, t) => {
    if (ids.has(typology.id)) details[`typologies.${t}.id`] = `"${typology.id}" appears twice`;
    ids.add(typology.id);
    typology.rules.forEach((rule, r) => {
      const detector = detectors.get(rule.detector);
      if (!detector) {
        details[`typologies.${t}.rules.${r}.detector`] = `no detector "${rule.detector}"`;
        return;
      }
      for (const [name, value] of Object.entries(rule.params ?? {})) {
        const expected = detector.defaults[name];
        if (expected === undefined) details[`typologies.${t}.rules.${r}.params.${name}`] = `"${rule.detector}" has no parameter "${name}"`;
        else if (Array.isArray(expected) !== Array.isArray(value) || (!Array.isArray(value) && typeof expected !== typeof value)) {
          details[`typologies.${t}.rules.${r}.params.${name}`] = `expected a ${Array.isArray(expected) ? 'list' : typeof expected}`;
        }
      }
    });
  });
  if (Object.keys(details).length > 0) throw new AriadneError('VALIDATION_FAILED', 'The scoring configuration names unknown detectors or parameters.', { details });
  return parsed.data as ScoringConfig;
}

/** One case of a typology: the findings that make it, the score, the evidence. */
export interface TypologyHit {
  readonly typology: Typology;
  readonly node: number;
  readonly score: number;
  /** contributing findings, strongest weighted contribution first */
  readonly findings: readonly Finding[];
  /** the union of the findings' transactions, in time order */
  readonly transactions: readonly number[];
}

interface Cluster {
  start: number;
  end: number;
  findings: Finding[];
}

function spanOf(graph: TransactionGraph, finding: Finding): [number, number] {
  const txs = finding.transactions;
  return [graph.time(txs[0]!), graph.time(txs[txs.length - 1]!)];
}

/**
 * Combines one anchor's findings into typology hits. `findingsByRule[r]` holds rule r's findings
 * (the caller ran the rule's detector with its parameters). Answers every case at or above the
 * typology's threshold.
 */
export function scoreTypology(graph: TransactionGraph, typology: Typology, node: number, findingsByRule: readonly (readonly Finding[])[]): TypologyHit[] {
  const merge = (typology.mergeHours ?? 168) * 3_600_000;
  const tagged: { finding: Finding; rule: number; start: number; end: number }[] = [];
  findingsByRule.forEach((findings, rule) => {
    for (const finding of findings) {
      if (finding.transactions.length === 0) continue;
      const [start, end] = spanOf(graph, finding);
      tagged.push({ finding, rule, start, end });
    }
  });
  if (tagged.length === 0) return [];
  tagged.sort((a, b) => a.start - b.start);
  const clusters: (Cluster & { rules: number[] })[] = [];
  for (const item of tagged) {
    const last = clusters.at(-1);
    if (last && item.start <= last.end + merge) {
      last.end = Math.max(last.end, item.end);
      last.findings.push(item.finding);
      last.rules.push(item.rule);
    } else {
      clusters.push({ start: item.start, end: item.end, findings: [item.finding], rules: [item.rule] });
    }
  }
  const hits: TypologyHit[] = [];
  for (const cluster of clusters) {
    const best = new Map<number, Finding>();
    cluster.findings.forEach((finding, k) => {
      const rule = cluster.rules[k]!;
      if ((best.get(rule)?.score ?? -1) < finding.score) best.set(rule, finding);
    });
    let score = 0;
    const contributions: { finding: Finding; part: number }[] = [];
    for (const [rule, finding] of best) {
      const part = typology.rules[rule]!.weight * finding.score;
      score += part;
      contributions.push({ finding, part });
    }
    score = Math.min(1, score);
    if (score < typology.threshold) continue;
    contributions.sort((a, b) => b.part - a.part);
    const txs = new Set<number>();
    for (const finding of cluster.findings) for (const t of finding.transactions) txs.add(t);
    hits.push({
      typology, node, score: Math.round(score * 1000) / 1000,
      findings: contributions.map((c) => c.finding),
      transactions: [...txs].sort((a, b) => graph.time(a) - graph.time(b) || a - b),
    });
  }
  return hits;
}
