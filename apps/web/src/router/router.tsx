/**
 * A tiny history-API router: a location store, `navigate`, and a `<Link>` that keeps normal
 * browser behaviour (new tab, copy link) while navigating in place on a plain click.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { matchRoute, type RouteMatch } from './routes.ts';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function notify(): void {
  for (const listener of listeners) listener();
}

interface HistoryState {
  readonly key: number;
  readonly data: unknown;
}

let counter = 0;

function currentState(): HistoryState | null {
  const state: unknown = window.history.state;
  return state && typeof state === 'object' && 'key' in state ? (state as HistoryState) : null;
}

/** Go to `path`; `state` carries data that must not be in the URL (search terms). */
export function navigate(path: string, options: { replace?: boolean; state?: unknown } = {}): void {
  const wrapped: HistoryState = { key: Date.now() * 1000 + (++counter % 1000), data: options.state ?? null };
  if (options.replace) window.history.replaceState(wrapped, '', path);
  else window.history.pushState(wrapped, '', path);
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}

function snapshot(): string {
  return `${window.location.pathname}\n${currentState()?.key ?? 0}`;
}

/** Current pathname and the data passed to `navigate`, re-rendering on change. */
export function useLocation(): { pathname: string; state: unknown; route: RouteMatch } {
  const key = useSyncExternalStore(subscribe, snapshot);
  const pathname = key.split('\n')[0] ?? '/';
  return { pathname, state: currentState()?.data ?? null, route: matchRoute(pathname) };
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; state?: unknown };

export function Link({ to, state, onClick, ...rest }: LinkProps) {
  function handle(event: MouseEvent<HTMLAnchorElement>): void {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, { state });
  }
  return <a href={to} onClick={handle} {...rest} />;
}
