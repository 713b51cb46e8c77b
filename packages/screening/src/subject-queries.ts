/**
 * What of a stored subject is screened: each of its names (name, aliases, previous names; weak
 * aliases too, since the list side's weak aliases are scored low anyway), with its first birth
 * date, nationality and gender as supporting details. Nothing else of the subject leaves it.
 */
import type { ScreeningMatch, ScreeningQuery } from '@ariadne/sanctions';

const NAME_PROPS = ['name', 'alias', 'previousName', 'weakAlias'] as const;
/** a subject with hundreds of aliases is screened on its first ones */
const MAX_NAMES = 20;

export interface ScreenableSubject {
  readonly id: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
}

/** @example subjectQueries({ id: 'p1', properties: { name: ['Testperson Alpha'], birthDate: ['1970'] } }) */
export function subjectQueries(subject: ScreenableSubject): ScreeningQuery[] {
  const p = subject.properties;
  const names = [...new Set(NAME_PROPS.flatMap((prop) => p[prop] ?? []))].slice(0, MAX_NAMES);
  const details = {
    ...(p.birthDate?.[0] ? { birthDate: p.birthDate[0] } : {}),
    ...(p.nationality?.[0] ? { nationality: p.nationality[0] } : {}),
    ...(p.gender?.[0] ? { gender: p.gender[0] } : {}),
  };
  return names.map((name, i) => ({ id: `${subject.id}#${i}`, name, ...details }));
}

/** the best match per list entry over several queries of one subject, best first */
export function bestPerEntry(results: Iterable<readonly ScreeningMatch[]>): ScreeningMatch[] {
  const best = new Map<string, ScreeningMatch>();
  for (const matches of results) {
    for (const m of matches) {
      const key = `${m.list}\u0000${m.entry}`;
      const prev = best.get(key);
      if (!prev || m.score > prev.score) best.set(key, m);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.entry.localeCompare(b.entry));
}
