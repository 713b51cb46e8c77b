/**
 * What the server needs from the schema model (`@ariadne/schema`'s `AriadneModel`), declared
 * structurally so the server depends on a small surface of it.
 */
import type { Locale } from '@ariadne/schema';

export { LOCALES, type Locale } from '@ariadne/schema';

export interface ServerModel {
  /** localized, serializable description of every schema, keyed by schema name */
  view(locale: Locale): unknown;
  hasSchema(schema: string): boolean;
  isSealed(schema: string): boolean;
  /** code → label in `locale` for code-list types such as `country` */
  typeValues(type: string, locale: Locale): Readonly<Record<string, string>>;
}

/** The `schemata` map of a model view, whether `view` returns `{ schemata }` or the map itself. */
export function schemataOf(view: unknown): Record<string, unknown> {
  if (view && typeof view === 'object' && 'schemata' in view) {
    const schemata = (view as { schemata: unknown }).schemata;
    if (schemata && typeof schemata === 'object') return schemata as Record<string, unknown>;
  }
  return (view ?? {}) as Record<string, unknown>;
}
