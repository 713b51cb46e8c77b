/**
 * What the network builder needs to know about schemata, as a small port over `AriadneModel`:
 * which schemata are relations (FtM's edge specs, plus the ones relation-kinds.json draws as
 * edges), their captions, and which properties reference other entities or hold identifiers.
 * Tests and tools can implement it with a handful of literal schemata; the builder never touches
 * FtM's classes. Unknown schemata answer "no edge, no references" instead of throwing: the store
 * may hold entities of a schema a later model dropped, and a network must still load.
 */
import type { AriadneModel } from '@ariadne/schema';
import { extraEdgeOf, identifierClassOf } from './relation-kinds.ts';

export interface NetworkEdgeSpec {
  /** property holding the source entity (member, payer, perpetrator, …) */
  readonly source: string;
  readonly target: string;
  readonly directed: boolean;
  readonly label: string;
}

export interface NetworkModel {
  edgeOf(schema: string): NetworkEdgeSpec | null;
  isA(schema: string, parent: string): boolean;
  caption(entity: { schema: string; properties: Readonly<Record<string, readonly string[]>> }): string;
  /** entity-typed properties of a schema that are not its edge ends (UserAccount.owner, Person.addressEntity, Payment.payerAccount …) */
  referenceProps(schema: string): readonly { name: string; label: string }[];
  /** identifier-typed properties (phone, email, iban, identifier types such as accountNumber, passportNumber, idNumber, registrationNumber …); `type` is the identifier class (phone, email, iban, account, passport, id, …) */
  identifierProps(schema: string): readonly { name: string; type: string }[];
  /** the full model when this port wraps one: the FtM file reader cleans entities with it */
  readonly ariadne?: AriadneModel;
}

interface SchemaFacts {
  readonly edge: NetworkEdgeSpec | null;
  readonly captionProps: readonly string[];
  readonly label: string;
  readonly references: readonly { name: string; label: string }[];
  readonly identifiers: readonly { name: string; type: string }[];
}

const NO_FACTS: SchemaFacts = { edge: null, captionProps: ['name'], label: '', references: [], identifiers: [] };

/**
 * The network's view of an Ariadne model, with each schema's facts worked out once.
 * @example networkModelOf(loadModel()).edgeOf('Membership') // { source: 'member', target: 'organization', directed: true, label: 'belongs to' }
 */
export function networkModelOf(model: AriadneModel): NetworkModel {
  const facts = new Map<string, SchemaFacts>();
  const isA = (schema: string, parent: string): boolean =>
    model.hasSchema(schema) && model.hasSchema(parent) && model.isA(schema, parent);

  const factsOf = (name: string): SchemaFacts => {
    let found = facts.get(name);
    if (found) return found;
    if (!model.hasSchema(name)) {
      found = { ...NO_FACTS, label: name };
    } else {
      const schema = model.getSchema(name);
      const extra = schema.edge ? null : extraEdgeOf(name, isA);
      const edge: NetworkEdgeSpec | null = schema.edge
        ? { source: schema.edge.source, target: schema.edge.target, directed: schema.edge.directed, label: schema.edge.label ?? schema.label }
        : extra && { source: extra.source, target: extra.target, directed: extra.directed, label: extra.label };
      const references: { name: string; label: string }[] = [];
      const identifiers: { name: string; type: string }[] = [];
      for (const [propName, prop] of model.properties(name)) {
        // stubs are the reverse side of a reference held by the other entity, which draws it
        if (prop.type.isEntity && !prop.stub && propName !== edge?.source && propName !== edge?.target) references.push({ name: propName, label: prop.label });
        const cls = identifierClassOf(name, propName, prop.type.name, isA);
        if (cls) identifiers.push({ name: propName, type: cls });
      }
      found = { edge, captionProps: [...schema.caption], label: schema.label, references, identifiers };
    }
    facts.set(name, found);
    return found;
  };

  return {
    ariadne: model,
    edgeOf: (schema) => factsOf(schema).edge,
    isA,
    caption(entity) {
      const f = factsOf(entity.schema);
      for (const name of f.captionProps) {
        const value = entity.properties[name]?.find((item) => item.trim() !== '');
        if (value !== undefined) return value;
      }
      return f.label;
    },
    referenceProps: (schema) => factsOf(schema).references,
    identifierProps: (schema) => factsOf(schema).identifiers,
  };
}
