/**
 * An MLA request as a person drafted it, made safe to send. Victims among the subjects named by a
 * record id of the case become the pseudonym the data packages give them (`psn-…`), in the
 * subjects and in the measures that name them, whatever name was typed beside them. Then every
 * text of the request is searched for what would identify a victim of the case (a full name, an
 * identifier, a phone, an e-mail, a code name, a record id): a request that still mentions one is
 * refused, naming the fields, never the values.
 */
import { AriadneError } from '@ariadne/schema';
import { PSEUDONYM_PATTERN, VICTIM_ROLE, type VictimMention } from '@ariadne/sharing';

type Draft = Record<string, unknown>;

function isRecord(value: unknown): value is Draft {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The draft with its victim subjects pseudonymised. `inCase` tells whether an id is a record of
 * the agreement's case (NOT_FOUND otherwise); `pseudonym` gives its pseudonym for the partner.
 */
export function pseudonymiseVictimSubjects(draft: Draft, victims: { inCase: (id: string) => boolean; pseudonym: (id: string) => string }): Draft {
  if (!Array.isArray(draft.subjects)) return draft;
  const renamed = new Map<string, string>();
  const subjects = draft.subjects.map((subject: unknown) => {
    if (!isRecord(subject) || subject.role !== VICTIM_ROLE || typeof subject.entityId !== 'string' || PSEUDONYM_PATTERN.test(subject.entityId)) return subject;
    const id = subject.entityId;
    if (!victims.inCase(id)) throw new AriadneError('NOT_FOUND', `Subject ${id} is not an entity of the agreement's case.`, { details: { subjects: id } });
    const pseudonym = victims.pseudonym(id);
    renamed.set(id, pseudonym);
    return { ...subject, entityId: pseudonym, name: pseudonym };
  });
  const measures = Array.isArray(draft.measures)
    ? draft.measures.map((measure: unknown) => (isRecord(measure) && Array.isArray(measure.subjects)
      ? { ...measure, subjects: measure.subjects.map((s: unknown) => (typeof s === 'string' ? renamed.get(s) ?? s : s)) }
      : measure))
    : draft.measures;
  return { ...draft, subjects, measures };
}

/** the paths of the draft's texts that mention a victim (full names, identifiers, record ids) */
export function victimMentionPaths(draft: unknown, mentions: VictimMention): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, path: string) => {
    // 'identifier': whole values only (full names, numbers, ids), not name parts in free text
    if (typeof value === 'string') {
      if (mentions(value, 'identifier')) paths.push(path || '(request)');
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i)));
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    }
  };
  walk(draft, '');
  return paths;
}

/** refuses a draft that mentions a victim, naming each field */
export function refuseVictimMentions(draft: unknown, mentions: VictimMention): void {
  const paths = victimMentionPaths(draft, mentions);
  if (paths.length === 0) return;
  throw new AriadneError('VALIDATION_FAILED', `The request mentions a victim of the case in ${paths.slice(0, 10).join(', ')}: name victims only as subjects with the role "${VICTIM_ROLE}".`, {
    details: Object.fromEntries(paths.slice(0, 20).map((path) => [path, 'mentions a victim of the case'])),
  });
}
