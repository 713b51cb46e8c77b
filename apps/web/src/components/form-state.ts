/**
 * State of the schema-driven entity form and its conversion to the `properties` payload of
 * `POST /api/entities` and `PATCH /api/entities/:id`. Pure, so node tests cover it.
 */
import type { Properties } from '../api/types.ts';

/** Property name → the values typed so far (may include blanks while editing). */
export type FormState = Readonly<Record<string, readonly string[]>>;

export function initialFormState(properties: Properties = {}): FormState {
  const out: Record<string, string[]> = {};
  for (const [prop, values] of Object.entries(properties)) out[prop] = [...values];
  return out;
}

export function setValue(state: FormState, prop: string, index: number, value: string): FormState {
  const values = [...(state[prop] ?? [''])];
  values[index] = value;
  return { ...state, [prop]: values };
}

export function addValue(state: FormState, prop: string): FormState {
  const values = state[prop] ?? [''];
  return { ...state, [prop]: [...(values.length ? values : ['']), ''] };
}

export function removeValue(state: FormState, prop: string, index: number): FormState {
  return { ...state, [prop]: (state[prop] ?? []).filter((_, i) => i !== index) };
}

/** Trim, drop blanks and exact duplicates, keep order. */
export function cleanValues(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const value = raw.trim();
    if (value && !out.includes(value)) out.push(value);
  }
  return out;
}

/**
 * The payload for creating an entity: only properties with at least one value.
 * @example toCreateProperties({ name: [' Ana ', ''], birthDate: [''] }) // { name: ['Ana'] }
 */
export function toCreateProperties(state: FormState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [prop, values] of Object.entries(state)) {
    const clean = cleanValues(values);
    if (clean.length) out[prop] = clean;
  }
  return out;
}

/**
 * The payload for editing: PATCH replaces the listed properties, so list exactly those whose
 * values changed; an emptied property is sent as `[]` to clear it.
 */
export function toPatchProperties(original: Properties, state: FormState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const prop of new Set([...Object.keys(original), ...Object.keys(state)])) {
    const before = cleanValues(original[prop]);
    const after = prop in state ? cleanValues(state[prop]) : before;
    const same = before.length === after.length && before.every((v, i) => v === after[i]);
    if (!same) out[prop] = after;
  }
  return out;
}

/** Required properties that have no value yet. */
export function missingRequired(required: readonly string[], state: FormState): string[] {
  return required.filter((prop) => cleanValues(state[prop]).length === 0);
}

/** Loose check of FtM-style partial dates: YYYY, YYYY-MM or YYYY-MM-DD (optionally with a time). */
export function isPartialDate(value: string): boolean {
  return /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(value.trim());
}
