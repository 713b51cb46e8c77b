/**
 * Logger options: fastify's pino, with serializers that keep only what operations need. No
 * headers (cookies, tokens, CSRF tokens), no bodies, no query strings (searches are personal
 * data), and no error messages for server faults (database errors quote the values they refuse).
 */
import type { FastifyServerOptions } from 'fastify';

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const cut = url.indexOf('?');
  return cut < 0 ? url : url.slice(0, cut);
}

interface LoggedRequest { method?: string; url?: string; id?: unknown }
interface LoggedReply { statusCode?: number }

/** stack frames without the first line (which repeats the message) */
function framesOnly(stack: string | undefined): string | undefined {
  return stack?.split('\n').slice(1).join('\n');
}

export function loggerOptions(given: boolean | LoggerOptions | undefined): false | LoggerOptions {
  if (!given) return false;
  const base: LoggerOptions = given === true ? {} : given;
  return {
    level: 'info',
    ...base,
    redact: { paths: ['req.headers', 'headers.cookie', 'headers.authorization', 'headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: pathOnly(req.url) }),
      res: (res: LoggedReply) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: unknown }) => ({ type: err.name, code: err.code, message: '[omitted]', stack: framesOnly(err.stack) ?? '' }),
    },
  };
}
