/**
 * The network as GEXF (Gephi) and GraphML (Cytoscape, yEd, Gephi), for analysts who continue in
 * those tools. GEXF goes through graphology and graphology-gexf's writer; graphology-graphml only
 * parses, so GraphML is written here (the format is a few elements). Both are mixed graphs:
 * directed relations (payer → beneficiary) stay directed, undirected ones (family, shared phone)
 * do not. Node attributes: label, schema, roles, caseId, plus any analysis results passed in
 * (`{ community: result.membership }`); edge attributes: type, kind, label, start, end, weight,
 * sources.
 *
 * Captions come from case files and may hold anything: markup, quotes, control characters, bidi
 * overrides. Markup and quotes are escaped; characters XML 1.0 cannot carry are replaced by U+FFFD
 * (the file would not parse otherwise); C1 controls and bidi controls are written as character
 * references, so the file itself reads the same in any editor (no "Trojan Source" reordering) and
 * the values still round-trip.
 */
import Graph from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import { AriadneError } from '@ariadne/schema';
import type { EntityNetwork } from './types.ts';

/** analysis results per node: attribute name → entity id → value (e.g. `{ community: result.membership }`) */
export type NodeAttributes = Readonly<Record<string, Readonly<Record<string, number | string>>>>;

// attribute names the formats or the writer give a meaning of their own
const RESERVED = new Set(['id', 'label', 'schema', 'roles', 'caseId', 'x', 'y', 'z', 'size', 'color', 'shape', 'thickness', 'weight', 'kind', 'type']);
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C1 controls, and the bidi marks, embeddings, overrides and isolates
const AS_REFERENCE = /[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** a string XML 1.0 can carry */
export const xmlSafe = (text: string): string => text.replace(XML_ILLEGAL, '\uFFFD');

const asReferences = (xml: string): string => xml.replace(AS_REFERENCE, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);

function checkAttributes(attributes: NodeAttributes | undefined): [string, Readonly<Record<string, number | string>>][] {
  const out: [string, Readonly<Record<string, number | string>>][] = [];
  for (const [name, values] of Object.entries(attributes ?? {})) {
    if (!ATTRIBUTE_NAME.test(name) || RESERVED.has(name)) {
      throw new AriadneError('VALIDATION_FAILED', `${JSON.stringify(name)} cannot name an exported attribute.`, { details: { attributes: `use a name like "betweenness"; not one of ${[...RESERVED].join(', ')}` } });
    }
    out.push([name, values]);
  }
  return out;
}

/** the value for a node, or undefined when absent or not a finite number / string */
function valueOf(values: Readonly<Record<string, number | string>>, id: string): number | string | undefined {
  if (!Object.hasOwn(values, id)) return undefined;
  const value = values[id];
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' ? xmlSafe(value) : undefined;
}

/** XML ids for the network's ids: the same id sanitised, made unique if sanitising merged two */
function exportIds(ids: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    if (out.has(id)) continue;
    let safe = xmlSafe(id);
    while (used.has(safe)) safe += '_';
    used.add(safe);
    out.set(id, safe);
  }
  return out;
}

const ROLE_SEPARATOR = '; ';

/**
 * GEXF 1.2 for Gephi.
 * @throws AriadneError VALIDATION_FAILED for a reserved or malformed attribute name, or an edge whose end is not a node
 * @example writeFileSync('case.gexf', toGexf(network, { community: communities.membership }))
 */
export function toGexf(network: EntityNetwork, attributes?: NodeAttributes): string {
  const extra = checkAttributes(attributes);
  const graph = new Graph({ type: 'mixed', multi: true, allowSelfLoops: true });
  graph.setAttribute('creator', 'Ariadne');
  graph.setAttribute('description', 'Network exported from Ariadne');
  const nodeIds = exportIds(network.nodes.map((node) => node.id));
  for (const node of network.nodes) {
    const key = nodeIds.get(node.id)!;
    if (graph.hasNode(key)) continue;
    const attrs: Record<string, string | number> = { label: xmlSafe(node.caption), schema: xmlSafe(node.schema), roles: xmlSafe(node.roles.join(ROLE_SEPARATOR)) };
    if (node.caseId !== null) attrs.caseId = xmlSafe(node.caseId);
    for (const [name, values] of extra) {
      const value = valueOf(values, node.id);
      if (value !== undefined) attrs[name] = value;
    }
    graph.addNode(key, attrs);
  }
  const edgeIds = exportIds(network.edges.map((edge) => edge.id));
  for (const edge of network.edges) {
    const s = nodeIds.get(edge.source);
    const t = nodeIds.get(edge.target);
    if (s === undefined || t === undefined) throw unknownEnd(edge.id);
    let key = edgeIds.get(edge.id)!;
    while (graph.hasEdge(key)) key += '_';
    const attrs = {
      label: xmlSafe(edge.label),
      weight: edge.weight,
      type: xmlSafe(edge.type),
      kind: edge.kind,
      start: edge.start === null ? '' : xmlSafe(edge.start),
      end: edge.end === null ? '' : xmlSafe(edge.end),
      sources: xmlSafe(edge.sources.join(ROLE_SEPARATOR)),
    };
    if (edge.directed) graph.addDirectedEdgeWithKey(key, s, t, attrs);
    else graph.addUndirectedEdgeWithKey(key, s, t, attrs);
  }
  const xml = writeGexf(graph, {
    version: '1.2',
    formatNode: (_key, attrs) => {
      const { label, ...rest } = attrs;
      return { label: label as string, attributes: rest };
    },
    // GEXF gives `weight`, `label` and `kind` XML attributes of their own; ours go in attvalues
    formatEdge: (_key, attrs) => {
      const { label, weight, ...rest } = attrs;
      return { label: label as string, weight: weight as number, attributes: rest };
    },
  });
  return asReferences(xml);
}

// ---------------------------------------------------------------------------------------------

function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;')
    .replace(AS_REFERENCE, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

type GraphmlType = 'string' | 'int' | 'long' | 'double';

function graphmlTypeOf(values: Readonly<Record<string, number | string>>, ids: readonly string[]): GraphmlType {
  let type: GraphmlType = 'int';
  let seen = false;
  for (const id of ids) {
    const value = valueOf(values, id);
    if (value === undefined) continue;
    seen = true;
    if (typeof value === 'string') return 'string';
    if (!Number.isInteger(value)) type = 'double';
    else if (type === 'int' && Math.abs(value) > 0x7fffffff) type = 'long';
  }
  return seen ? type : 'string';
}

function unknownEnd(edgeId: string): AriadneError {
  return new AriadneError('VALIDATION_FAILED', `Edge ${JSON.stringify(edgeId)} names a node that is not in the network.`, { details: { edges: 'every edge end must be a node' } });
}

/**
 * GraphML for Cytoscape, yEd and Gephi: `edgedefault="undirected"`, each directed edge marked
 * `directed="true"` (the form graphology-graphml and Cytoscape read as a mixed graph).
 * @throws AriadneError VALIDATION_FAILED as `toGexf`
 * @example writeFileSync('case.graphml', toGraphml(network, { betweenness: scores }))
 */
export function toGraphml(network: EntityNetwork, attributes?: NodeAttributes): string {
  const extra = checkAttributes(attributes);
  const ids = network.nodes.map((node) => node.id);
  const nodeIds = exportIds(ids);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">');
  const nodeKeys: [string, string, GraphmlType][] = [['label', 'n_label', 'string'], ['schema', 'n_schema', 'string'], ['roles', 'n_roles', 'string'], ['caseId', 'n_case', 'string']];
  extra.forEach(([name, values], i) => nodeKeys.push([name, `n_a${i}`, graphmlTypeOf(values, ids)]));
  const edgeKeys: [string, string, GraphmlType][] = [['label', 'e_label', 'string'], ['weight', 'e_weight', 'double'], ['type', 'e_type', 'string'], ['kind', 'e_kind', 'string'], ['start', 'e_start', 'string'], ['end', 'e_end', 'string'], ['sources', 'e_sources', 'string']];
  for (const [name, id, type] of nodeKeys) out.push(`  <key id="${id}" for="node" attr.name="${escapeXml(name)}" attr.type="${type}"/>`);
  for (const [name, id, type] of edgeKeys) out.push(`  <key id="${id}" for="edge" attr.name="${name}" attr.type="${type}"/>`);
  out.push('  <graph id="G" edgedefault="undirected">');
  const data = (key: string, value: string | number): string => `<data key="${key}">${typeof value === 'number' ? String(value) : escapeXml(value)}</data>`;
  const written = new Set<string>();
  for (const node of network.nodes) {
    const id = nodeIds.get(node.id)!;
    if (written.has(id)) continue;
    written.add(id);
    let line = `    <node id="${escapeXml(id)}">${data('n_label', node.caption)}${data('n_schema', node.schema)}${data('n_roles', node.roles.join(ROLE_SEPARATOR))}`;
    if (node.caseId !== null) line += data('n_case', node.caseId);
    extra.forEach(([, values], i) => {
      const value = valueOf(values, node.id);
      if (value !== undefined) line += data(`n_a${i}`, value);
    });
    out.push(`${line}</node>`);
  }
  const edgeIds = exportIds(network.edges.map((edge) => edge.id));
  const usedEdges = new Set<string>();
  for (const edge of network.edges) {
    const s = nodeIds.get(edge.source);
    const t = nodeIds.get(edge.target);
    if (s === undefined || t === undefined) throw unknownEnd(edge.id);
    let id = edgeIds.get(edge.id)!;
    while (usedEdges.has(id)) id += '_';
    usedEdges.add(id);
    let line = `    <edge id="${escapeXml(id)}" source="${escapeXml(s)}" target="${escapeXml(t)}" directed="${edge.directed}">`;
    line += data('e_label', edge.label) + data('e_weight', Number.isFinite(edge.weight) ? edge.weight : 1) + data('e_type', edge.type) + data('e_kind', edge.kind);
    if (edge.start !== null) line += data('e_start', edge.start);
    if (edge.end !== null) line += data('e_end', edge.end);
    line += data('e_sources', edge.sources.join(ROLE_SEPARATOR));
    out.push(`${line}</edge>`);
  }
  out.push('  </graph>');
  out.push('</graphml>');
  return `${out.join('\n')}\n`;
}
