/**
 * The name-equivalence table the benchmark may use without leaking: the shipped table
 * (packages/names/data/name-equivalences.json) was mined from the full lists, so it has seen the
 * held-out Arabic-script names and aliases the "arabic" and "alias" categories query with. This
 * one is mined the same way (persons' strong names and original-script names, minimum support
 * 2) from the calibration half's designations only, and from the lists with the held-out names
 * already removed.
 */
import type { EntityData } from '@ariadne/schema';
import { canonicalSpellings, mineEquivalences, minePairs, namesOfSubject, type EquivalenceTable } from '@ariadne/names/equivalences';
import { halfOf, subjectsOf } from './cases.ts';

export interface BenchEquivalences {
  readonly table: EquivalenceTable;
  readonly spellings: ReadonlyMap<string, string>;
  readonly persons: number;
}

const ORIGINAL_NOTE = /^Name in original script \([^)]*\): /;

/** The UN parser repeats the original-script alias in a note: a held-out alias must not come back through it. */
function withoutHeldOutNotes(p: EntityData['properties']): EntityData['properties'] {
  const aliases = new Set(p.alias ?? []);
  return { ...p, notes: (p.notes ?? []).filter((n) => !ORIGINAL_NOTE.test(n) || aliases.has(n.replace(ORIGINAL_NOTE, ''))) };
}

/** As packages/names/scripts/mine-equivalences.ts mines the shipped table. */
const MIN_SUPPORT = 2;

/**
 * Mines a table from the persons of the calibration half of `heldOutLists` (the lists without
 * the held-out names).
 * @example calibrationEquivalences(set.heldOutLists).table.groups.length
 */
export function calibrationEquivalences(heldOutLists: readonly { list: string; entities: EntityData[] }[]): BenchEquivalences {
  const persons = heldOutLists.flatMap(({ list, entities }) => subjectsOf(list, entities))
    .filter((s) => s.entity.schema === 'Person' && halfOf(`${s.list}/${s.entry}`) === 'calibration');
  const pairs = minePairs(persons.map((s) => namesOfSubject(withoutHeldOutNotes(s.entity.properties))));
  const table = mineEquivalences(pairs, { minSupport: MIN_SUPPORT, source: `benchmark: calibration half, ${persons.length} persons, ${pairs.length} name pairs` });
  return { table, spellings: canonicalSpellings(table), persons: persons.length };
}
