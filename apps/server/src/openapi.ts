/**
 * OpenAPI 3.1 from the route table (zod 4 `z.toJSONSchema`, JSON Schema 2020-12, which 3.1
 * uses natively). Named shapes (`.meta({ id })`) become `components.schemas`; every route gets
 * its permission as `x-permission`, its security requirement and the problem+json errors.
 */
import { ERROR_CODES } from '@ariadne/schema';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, STATUS_BY_CODE, problemSchema } from './problem.ts';
import { successStatus, type AnyRoute } from './route.ts';

type Json = Record<string, unknown>;

export interface OpenApiDocument extends Json {
  readonly openapi: '3.1.0';
  readonly paths: Record<string, Record<string, Json>>;
  readonly components: { schemas: Record<string, Json>; securitySchemes: Json; responses: Json };
}

/** rewrites `#/$defs/X` to `#/components/schemas/X` and drops noise, collecting the defs */
function hoist(value: unknown, defs: Record<string, Json>): unknown {
  if (Array.isArray(value)) return value.map((v) => hoist(v, defs));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value as Json)) {
    if (key === '$schema') continue;
    if (key === '$defs') {
      for (const [name, def] of Object.entries(v as Json)) defs[name] = hoist(def, defs) as Json;
      continue;
    }
    if (key === '$ref' && typeof v === 'string') out[key] = v.replace('#/$defs/', '#/components/schemas/');
    else if (key === 'pattern' && (value as Json).format === 'date-time') continue;
    else out[key] = hoist(v, defs);
  }
  return out;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output', defs: Record<string, Json>): Json {
  return hoist(z.toJSONSchema(schema, { io, unrepresentable: 'any' }), defs) as Json;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', defs: Record<string, Json>): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input', defs);
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties as Record<string, Json> | undefined) ?? {}).map(([name, s]) => ({
    name, in: where, required: where === 'path' || required.has(name), schema: s,
  }));
}

const ERROR_STATUSES_PUBLIC = [400, 413, 415, 429, 500];
const ERROR_STATUSES_GUARDED = [400, 401, 403, 404, 409, 413, 415, 500];

function operation(route: AnyRoute, defs: Record<string, Json>): Json {
  const status = successStatus(route);
  const responses: Json = {};
  if (status === 204) responses['204'] = { description: 'Done; no content.' };
  else if (route.produces === 'binary') responses[String(status)] = { description: 'OK', content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
  else if (route.produces) responses[String(status)] = { description: 'OK', content: { [route.produces]: { schema: { type: 'string' } } } };
  else responses[String(status)] = { description: 'OK', content: { 'application/json': { schema: route.response ? jsonSchema(route.response, 'output', defs) : {} } } };
  if (route.accepted) responses['202'] = { description: 'Accepted: still running as a job; the same shape, to be polled.', content: (responses[String(status)] as Json).content };
  const errors = route.permission === 'public' ? ERROR_STATUSES_PUBLIC : ERROR_STATUSES_GUARDED;
  for (const code of errors) responses[String(code)] = { $ref: '#/components/responses/Problem' };
  if (route.url === '/api/auth/login') responses['423'] = { $ref: '#/components/responses/Problem' };
  const guarded = route.permission !== 'public' && route.permission !== 'receipt';
  return {
    operationId: `${route.method.toLowerCase()}${route.url.replace(/^\/api/, '').replace(/[/:]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    description: [route.description, `Permission: \`${route.permission}\`.`].filter(Boolean).join('\n\n'),
    tags: [...route.tags],
    'x-permission': route.permission,
    security: guarded ? [{ session: [] }, { bearer: [] }] : route.permission === 'receipt' ? [{ receipt: [] }] : [],
    parameters: [...parameters(route.params, 'path', defs), ...parameters(route.query, 'query', defs),
      ...(guarded && route.method !== 'GET' ? [{ name: 'X-CSRF-Token', in: 'header', required: false, description: 'Required with the session cookie; not with a bearer token.', schema: { type: 'string' } }] : [])],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input', defs) } } } } : {}),
    ...(route.rawBody ? { requestBody: { required: true, content: Object.fromEntries(route.rawBody.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of `routes`. */
export function buildOpenApi(routes: readonly AnyRoute[], info: { version: string }): OpenApiDocument {
  const defs: Record<string, Json> = {};
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route, defs);
  }
  const problem = jsonSchema(problemSchema, 'output', defs);
  const tags = [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ariadne API',
      version: info.version,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description: 'HTTP API of Ariadne. Errors are RFC 9457 problem details; `code` is stable.\n\n'
        + Object.entries(ERROR_CODES).map(([code, doc]) => `- \`${code}\` (${STATUS_BY_CODE[code as keyof typeof ERROR_CODES]}): ${doc}`).join('\n'),
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags,
    paths,
    components: {
      schemas: { ...defs, Problem: defs.Problem ?? problem },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'ariadne_session', description: 'Set by POST /api/auth/login. Writes also need X-CSRF-Token.' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'ariadne_<id>_<secret>', description: 'API token from POST /api/tokens.' },
        receipt: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Receipt <code>`: the receipt code of a submission (survivors and tip-line senders, no account).' },
      },
      responses: {
        Problem: { description: 'RFC 9457 problem details', content: { [PROBLEM_CONTENT_TYPE.split(';')[0] as string]: { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
}
