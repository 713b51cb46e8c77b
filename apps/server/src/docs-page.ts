/**
 * The human-readable API reference at `/api/docs`, rendered from the OpenAPI document: one
 * self-contained HTML page, no scripts, no external assets. Its single inline stylesheet is
 * allowed by hash in its own Content-Security-Policy (CSP Level 3 §8.3 hash-source).
 */
import { createHash } from 'node:crypto';
import type { OpenApiDocument } from './openapi.ts';

type Json = Record<string, unknown>;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h2{border-bottom:2px solid #ccc;margin-top:2.5rem}section.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.m{font-weight:700;font-family:monospace;padding:.1rem .4rem;border-radius:4px;background:#eee}
.GET{background:#dbeafe}.POST{background:#dcfce7}.PATCH{background:#fef9c3}.DELETE{background:#fee2e2}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:24rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}.perm{color:#7c2d12}`;

export const DOCS_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;
export const DOCS_CSP = `default-src 'none'; style-src '${DOCS_STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function schemaBlock(schema: unknown): string {
  const text = esc(JSON.stringify(schema, null, 2));
  // turn component references into in-page links
  return `<pre>${text.replace(/&#34;#\/components\/schemas\/(\w+)&#34;/g, '<a href="#schema-$1">$1</a>')}</pre>`;
}

function parametersTable(params: Json[]): string {
  if (params.length === 0) return '';
  const rows = params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${esc(JSON.stringify(p.schema ?? {}))}</code></td></tr>`);
  return `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${rows.join('')}</table>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const responses = Object.entries(op.responses as Record<string, Json>)
    .filter(([, r]) => !('$ref' in r))
    .map(([status, r]) => {
      const content = r.content as Record<string, Json> | undefined;
      const schema = content ? Object.values(content)[0]?.schema : undefined;
      return `<h4>Response ${esc(status)}</h4>${schema ? schemaBlock(schema) : `<p>${esc(r.description)}</p>`}`;
    });
  const M = method.toUpperCase();
  return `<section class="op" id="${esc(op.operationId)}"><h3><span class="m ${esc(M)}">${esc(M)}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p><p class="perm">Permission: <code>${esc(op['x-permission'])}</code></p>
${op.description ? `<p>${esc(op.description)}</p>` : ''}${parametersTable((op.parameters as Json[]) ?? [])}
${body ? `<h4>Body (application/json)</h4>${schemaBlock(Object.values(body)[0]?.schema)}` : ''}${responses.join('')}
<p>Errors: <a href="#problems">problem+json</a></p></section>`;
}

/** Renders the OpenAPI document as one HTML page grouped by tag. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const info = doc.info as Json;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[] | undefined) ?? ['other'])[0] ?? 'other';
      (byTag.get(tag) ?? byTag.set(tag, []).get(tag))?.push(operationHtml(method, path, op));
    }
  }
  const problemCodes = String(info.description ?? '').split('\n').filter((l) => l.startsWith('- `')).map((line) => {
    const code = /`(\w+)`/.exec(line)?.[1] ?? '';
    return `<li id="problem-${esc(code.toLowerCase().replaceAll('_', '-'))}">${esc(line.slice(2))}</li>`;
  });
  const schemas = Object.entries(doc.components.schemas).map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${schemaBlock(s)}</section>`);
  const nav = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title><style>${STYLE}</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}). Authenticate with the <code>ariadne_session</code> cookie (writes need <code>X-CSRF-Token</code>) or <code>Authorization: Bearer ariadne_&lt;id&gt;_&lt;secret&gt;</code>.</p>
<nav>${nav} · <a href="#problems">errors</a> · <a href="#schemas">schemas</a></nav>
${[...byTag].map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join('\n')}`).join('\n')}
<h2 id="problems">Errors (application/problem+json)</h2><ul>${problemCodes.join('')}</ul>
<h2 id="schemas">Schemas</h2>${schemas.join('\n')}
</body></html>`;
}
