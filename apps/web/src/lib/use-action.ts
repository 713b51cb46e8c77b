/**
 * One user action (submit a form, press a button) that calls the API: while it runs the form is
 * busy, a failure the server explains (an `ApiError`) is kept for an `ErrorBox`, and anything else
 * is rethrown. The state transitions and the run itself are plain functions so node tests can
 * exercise them without a DOM; `useAction` only wires them to React state.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/problem.ts';

export interface ActionState {
  /** Runs started and not yet settled; busy while above zero (a run that was superseded still counts). */
  readonly pending: number;
  readonly error: ApiError | null;
}

export const IDLE_ACTION: ActionState = { pending: 0, error: null };

/** A run starts: busy, and the previous error goes away. */
export function actionStarted(state: ActionState): ActionState {
  return { pending: state.pending + 1, error: null };
}

/** A run ends: one fewer pending, and its `ApiError` (if it failed with one) becomes the error. */
export function actionSettled(state: ActionState, error: ApiError | null = null): ActionState {
  return { pending: Math.max(0, state.pending - 1), error: error ?? state.error };
}

export function actionErrorCleared(state: ActionState): ActionState {
  return state.error === null ? state : { ...state, error: null };
}

export type ActionUpdate = (transition: (state: ActionState) => ActionState) => void;

/**
 * Run `fn` as an action: `update` receives the transitions, and only while `live()` (the component
 * is still mounted). Resolves to `fn`'s value, or `undefined` when it failed with an `ApiError`;
 * any other failure is rethrown.
 */
export async function performAction<T>(fn: () => Promise<T>, update: ActionUpdate, live: () => boolean = () => true): Promise<T | undefined> {
  if (live()) update(actionStarted);
  let failure: ApiError | null = null;
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    failure = err;
    return undefined;
  } finally {
    if (live()) update((state) => actionSettled(state, failure));
  }
}

export interface Action {
  readonly busy: boolean;
  readonly error: ApiError | null;
  /** Run `fn` (see `performAction`); stable across renders. */
  readonly run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  readonly clearError: () => void;
}

export function useAction(): Action {
  const [state, setState] = useState<ActionState>(IDLE_ACTION);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(<T>(fn: () => Promise<T>) => performAction(fn, setState, () => mounted.current), []);
  const clearError = useCallback(() => setState(actionErrorCleared), []);
  return { busy: state.pending > 0, error: state.error, run, clearError };
}
