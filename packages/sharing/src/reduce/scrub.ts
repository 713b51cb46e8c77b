/**
 * A last line of defence: a value that names a victim never travels, wherever it was typed. A
 * caseworker may write "advance paid for Synthia Example" into a payment's purpose, or a
 * suspect's notes may quote a victim's phone number; the property rules cannot know that, so
 * the reduction drops any value that mentions a victim, compared case-insensitively after
 * Unicode normalisation:
 *
 * - the victims' full names, identifiers, phones, e-mails and code names (from victims'
 *   records and the records hanging off them) and the victims' record ids are looked for in
 *   every value;
 * - their name parts (first name, last name, patronymic…) are looked for as whole words in
 *   free text and strings only, not in names: a trafficker who shares a victim's family name
 *   keeps their own name.
 *
 * Everything matches as whole words only: "Ana" does not scrub "banana", nor a victim named
 * "Ali Hassan" a suspect named "Ali Hassani".
 */
import type { AriadneModel, EntityData } from '@ariadne/schema';

const FULL_TYPES: ReadonlySet<string> = new Set(['name', 'identifier', 'phone', 'email']);
const CODE_NAME = /^pseudonym$/;
const NAME_PART = /Name$/;
const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'text', 'html', 'address']);
const MIN_NEEDLE = 3;

const normalise = (value: string) => value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (needles: Iterable<string>) => [...needles].sort((a, b) => b.length - a.length).map(escape).join('|');
const wholeWords = (needles: Iterable<string>) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(needles)})(?![\\p{L}\\p{N}])`, 'u');

/** tells whether a value of the given FtM type mentions a victim */
export type VictimMention = (value: string, type: string) => boolean;

const matcher = (needles: ReadonlySet<string>): RegExp | null => (needles.size > 0 ? wholeWords(needles) : null);

/**
 * Builds the mention test from the values of victims' records and of the records hanging off
 * them (`linked`), and from the victims' record ids.
 *
 * @example victimMentions(entities, victimIds, linkedIds, model)('paid by Synthia Example', 'text') // true
 */
export function victimMentions(entities: readonly EntityData[], victims: ReadonlySet<string>, linked: ReadonlySet<string>, model: AriadneModel): VictimMention {
  const full = new Set<string>();
  const parts = new Set<string>();
  const add = (set: Set<string>, value: string) => {
    const text = normalise(value);
    if (text.length >= MIN_NEEDLE) set.add(text);
  };
  for (const id of victims) add(full, id);
  for (const entity of entities) {
    if (!victims.has(entity.id) && !linked.has(entity.id)) continue;
    for (const [name, values] of Object.entries(entity.properties)) {
      const type = model.property(entity.schema, name)?.type.name;
      if (type === undefined) continue;
      const target = FULL_TYPES.has(type) || (type === 'string' && CODE_NAME.test(name)) ? full : type === 'string' && NAME_PART.test(name) ? parts : null;
      if (target) for (const value of values) add(target, value);
    }
  }
  const everywhere = matcher(full);
  const inText = matcher(parts);
  return (value, type) => {
    const text = normalise(value);
    return (everywhere?.test(text) ?? false) || (TEXT_TYPES.has(type) && (inText?.test(text) ?? false));
  };
}
