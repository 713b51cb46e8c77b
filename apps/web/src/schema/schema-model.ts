/**
 * Pure helpers over the schema views from `GET /api/schema`: inheritance, the grouped list of
 * schemata a user can create, and which properties a form shows first.
 */
import type { PropertyView, SchemaView } from '../api/types.ts';

export type Schemata = Readonly<Record<string, SchemaView>>;
export type SchemaGroup = 'parties' | 'things' | 'relations' | 'other';

/** The schema and every schema it extends, transitively. */
export function ancestors(schemata: Schemata, name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(schemata[next]?.extends ?? []));
  }
  return seen;
}

export function isA(schemata: Schemata, name: string, parent: string): boolean {
  return ancestors(schemata, name).has(parent);
}

/** Which heading a schema goes under in a schema picker. */
export function groupOf(schemata: Schemata, schema: SchemaView): SchemaGroup {
  if (schema.edge) return 'relations';
  const up = ancestors(schemata, schema.name);
  if (up.has('LegalEntity')) return 'parties';
  if (up.has('Interval')) return 'relations';
  if (up.has('Thing')) return 'things';
  return 'other';
}

const GROUP_ORDER: readonly SchemaGroup[] = ['parties', 'things', 'relations', 'other'];

/**
 * Non-abstract schemata, grouped and sorted by label in the given locale. Empty groups are left out.
 * @example groupSchemata(schemata, 'fr') // [{ group: 'parties', schemata: [Company, Person, …] }, …]
 */
export function groupSchemata(schemata: Schemata, locale: string): { group: SchemaGroup; schemata: SchemaView[] }[] {
  const collator = new Intl.Collator(locale);
  const buckets = new Map<SchemaGroup, SchemaView[]>();
  for (const schema of Object.values(schemata)) {
    if (schema.abstract) continue;
    const group = groupOf(schemata, schema);
    buckets.set(group, [...(buckets.get(group) ?? []), schema]);
  }
  return GROUP_ORDER.filter((g) => buckets.has(g)).map((group) => ({
    group,
    schemata: buckets.get(group)!.sort((a, b) => collator.compare(a.label, b.label)),
  }));
}

/**
 * Split a schema's editable (non-hidden) properties into those shown first (featured, then
 * required, then any named in `alsoPrimary`, e.g. ones that already hold values) and the rest.
 */
export function formProperties(
  schema: SchemaView,
  options: { locale?: string; alsoPrimary?: readonly string[] } = {},
): { primary: PropertyView[]; more: PropertyView[] } {
  const editable = Object.values(schema.properties).filter((p) => !p.hidden);
  const byName = new Map(editable.map((p) => [p.name, p]));
  const primaryNames = [...new Set([...schema.featured, ...schema.required, ...(options.alsoPrimary ?? [])])];
  const primary = primaryNames.map((n) => byName.get(n)).filter((p): p is PropertyView => p !== undefined);
  const taken = new Set(primary.map((p) => p.name));
  const collator = new Intl.Collator(options.locale ?? 'en');
  const more = editable.filter((p) => !taken.has(p.name)).sort((a, b) => collator.compare(a.label, b.label));
  return { primary, more };
}
