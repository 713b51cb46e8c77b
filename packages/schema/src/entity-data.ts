/** Property values keyed by FtM property name; every property is multi-valued. */
export type EntityProperties = Readonly<Record<string, readonly string[]>>;

/**
 * An entity in FtM's JSON form, as read from and written to FtM JSON lines
 * (https://followthemoney.tech/docs/entities/).
 */
export interface EntityData {
  readonly id: string;
  readonly schema: string;
  readonly properties: EntityProperties;
  readonly caption?: string;
  readonly datasets?: readonly string[];
  readonly referents?: readonly string[];
  readonly first_seen?: string;
  readonly last_seen?: string;
}

/** Entity ids: 1–200 characters of letters, digits, `.`, `_`, `:` and `-` (safe in URLs and logs). */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Tells whether a value is a well-formed entity id.
 *
 * @example isEntityId('unsc-6907993') // true
 */
export function isEntityId(value: unknown): value is string {
  return typeof value === 'string' && ENTITY_ID_PATTERN.test(value);
}
