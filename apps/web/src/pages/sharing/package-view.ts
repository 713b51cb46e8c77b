/** What a package's (or a preview's) counts show: no personal data, only numbers. Pure. */

/** always shown, zero or not: what a reader looks for first */
const CORE_COUNTS = ['entities', 'written', 'victimsPseudonymised', 'propertiesDropped'];

/** the counts of a package or preview: the core ones, then any other that is not zero, in a stable order */
export function countsToShow(counts: Readonly<Record<string, number>>): [string, number][] {
  const entries = Object.entries(counts).filter(([, n]) => typeof n === 'number' && Number.isFinite(n));
  const core = CORE_COUNTS.flatMap((key) => entries.filter(([k]) => k === key));
  const rest = entries.filter(([k, n]) => !CORE_COUNTS.includes(k) && n !== 0).sort(([a], [b]) => a.localeCompare(b));
  return [...core, ...rest];
}

/**
 * Ids typed or pasted one per line (or separated by commas or spaces), without blanks or repeats,
 * at most `max`.
 * @example idList('e1, e2\ne1') // ['e1', 'e2']
 */
export function idList(text: string, max = 10_000): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))].slice(0, max);
}

/** The selection a send takes: the whole case unless ids narrow it; bundles only when the terms allow evidence. */
export function selectionOf(input: { entityIds: string; bundleIds: string; evidenceAllowed: boolean; missingConsent: 'refuse' | 'omit' }): {
  missingConsent: 'refuse' | 'omit'; entityIds?: string[]; evidenceBundleIds?: string[];
} {
  const entityIds = idList(input.entityIds);
  const evidenceBundleIds = input.evidenceAllowed ? idList(input.bundleIds, 100) : [];
  return {
    missingConsent: input.missingConsent,
    ...(entityIds.length ? { entityIds } : {}),
    ...(evidenceBundleIds.length ? { evidenceBundleIds } : {}),
  };
}
