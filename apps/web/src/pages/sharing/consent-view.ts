/** Which records the consent panel belongs on: a victim's profile, or a person (who may be one). Pure. */
import type { SchemaView } from '../../api/types.ts';
import { isA } from '../../schema/schema-model.ts';

export function takesConsent(schemata: Readonly<Record<string, SchemaView>> | undefined, schema: string): boolean {
  if (schema === 'VictimProfile' || schema === 'Person') return true;
  return schemata ? isA(schemata, schema, 'VictimProfile') || isA(schemata, schema, 'Person') : false;
}
