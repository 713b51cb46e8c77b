/**
 * What the store needs from the schema model. Declared here (structurally) so the store depends
 * on a small surface of `@ariadne/schema`'s `AriadneModel`, not on all of it.
 */
export interface ModelEntity {
  readonly id: string;
  readonly schema: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
}

export interface StoreModel {
  /** validates and cleans; `errors` maps a property (or `id`/`schema`) to a message */
  validate(raw: ModelEntity): { entity: ModelEntity | null; errors: Record<string, string> };
  caption(entity: ModelEntity): string;
  names(entity: ModelEntity): string[];
  textValues(entity: ModelEntity): string[];
  /** the entity-typed properties: which values are references to other entities */
  isReference(schema: string, prop: string): boolean;
  isSealed(schema: string): boolean;
  /** true when `schema` is `parent` or descends from it */
  isA(schema: string, parent: string): boolean;
  hasSchema(schema: string): boolean;
}
