import { readFileSync } from 'node:fs';

/** the version in apps/cli/package.json, shown by `--version` and `/api/health` */
export function ariadneVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
