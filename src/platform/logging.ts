// The server's log settings: JSON lines with a request id, and nothing a person typed or the database returned —
// method, path (no query string) and status only; credentials redacted.
import type { FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config.ts';

export function loggerOptions(config: AppConfig, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url.split('?')[0] }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
