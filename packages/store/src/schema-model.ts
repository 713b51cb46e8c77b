/** Adapts `@ariadne/schema`'s model to the small surface the store needs (`StoreModel`). */
import type { AriadneModel } from '@ariadne/schema';
import type { StoreModel } from './store-model.ts';

export function storeModelOf(model: AriadneModel): StoreModel {
  const refCache = new Map<string, boolean>();
  return {
    validate(raw) {
      if (!model.hasSchema(raw.schema)) return { entity: null, errors: { schema: `unknown schema "${raw.schema}"` } };
      const { entity, errors } = model.cleanEntity(raw, { strict: true });
      return { entity, errors: { ...errors } };
    },
    caption: (entity) => model.caption(entity),
    names: (entity) => model.names(entity),
    textValues: (entity) => model.textValues(entity),
    isReference(schema, prop) {
      const key = `${schema}:${prop}`;
      let ref = refCache.get(key);
      if (ref === undefined) {
        ref = model.property(schema, prop)?.type.name === 'entity';
        refCache.set(key, ref);
      }
      return ref;
    },
    isSealed: (schema) => model.isSealed(schema),
    isA: (schema, parent) => model.hasSchema(schema) && model.hasSchema(parent) && model.isA(schema, parent),
    hasSchema: (schema) => model.hasSchema(schema),
  };
}
