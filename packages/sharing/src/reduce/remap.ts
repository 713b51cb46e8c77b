/**
 * The recipient's ids for a partner's entities (issue 8). A package's ids are the sender's; taken
 * as they are, one could collide with (and overwrite) one of ours, or two partners' ids with
 * each other. Each incoming id becomes `share-` + 32 hex of SHA-256(partner id NUL remote id):
 * deterministic, so a later package from the same partner updates the same entities, and
 * namespaced by partner, so nobody's ids can reach anyone else's records.
 */
import { createHash } from 'node:crypto';
import { loadModel, type AriadneModel, type EntityData } from '@ariadne/schema';

export const LOCAL_SHARE_ID_PATTERN = /^share-[0-9a-f]{32}$/;

/**
 * Our id for a partner's entity.
 *
 * @example localIdFor('partner-fiu', 'psn-00ff…') // 'share-…' (always the same)
 */
export function localIdFor(partnerId: string, remoteId: string): string {
  return `share-${createHash('sha256').update(`${partnerId}\u0000${remoteId}`, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * Rewrites a conforming package's entities into our id space: every id and every entity
 * reference goes through `localIdFor`; other values stay as they are (a victim's `psn-` name
 * stays the partner's pseudonym); captions and other metadata are left behind.
 *
 * @example const local = remapForImport(received, partner.id, loadModel());
 */
export function remapForImport(entities: readonly EntityData[], partnerId: string, model: AriadneModel = loadModel()): EntityData[] {
  return entities.map((entity) => {
    const properties: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(entity.properties)) {
      const isRef = model.property(entity.schema, name)?.type.isEntity === true;
      properties[name] = isRef ? values.map((id) => localIdFor(partnerId, id)) : [...values];
    }
    return { id: localIdFor(partnerId, entity.id), schema: entity.schema, properties };
  });
}
