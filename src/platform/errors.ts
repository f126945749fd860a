// Turns every failure into a GOV.UK-style page (or an RFC 9457 problem under /api): 4xx for anything a user can send,
// a plain 500 page for our own faults, with no stack traces or personal data shown or logged.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Decision } from '../domain/access-policy.ts';
import { sitePaths } from './paths.ts';
import { permissionsPolicy } from './security.ts';

/** The policy said no (already audited by `authorise`): a 403 page, or JSON under /api. */
export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(readonly decision: Decision) {
    super('Forbidden');
  }
}

/**
 * What the request names does not exist (or its id is malformed): a 404 page, or JSON under /api with `what` as the
 * error. Loaders throw it, so a handler never has to check for a missing record and remember to stop.
 */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(readonly what = 'Page not found') {
    super('Not found');
  }
}

interface ErrorPage {
  status: number;
  pageTitle: string;
  heading: string;
  paragraphs: string[];
  linkHref?: string;
  linkText?: string;
}

const pages: Record<number, Omit<ErrorPage, 'status'>> = {
  400: { pageTitle: 'There is a problem', heading: 'Sorry, there is a problem with what was sent', paragraphs: ['Go back and try again.'] },
  403: {
    pageTitle: 'You do not have permission',
    heading: 'You do not have permission to see this page',
    paragraphs: ['This may be because the person has not agreed to share their record with your organisation, or the record belongs to another area.', 'If you think you should have access, contact your area administrator.'],
    linkHref: sitePaths.home(),
    linkText: 'Go to your home page',
  },
  404: {
    pageTitle: 'Page not found',
    heading: 'Page not found',
    paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    linkHref: sitePaths.home(),
    linkText: 'Go to the home page',
  },
  413: { pageTitle: 'Too much information', heading: 'Sorry, that was too much information to send at once', paragraphs: ['Go back, shorten your answer and try again.'] },
  415: { pageTitle: 'There is a problem', heading: 'Sorry, that form could not be read', paragraphs: ['Go back and try again.'] },
  429: {
    pageTitle: 'Too many attempts',
    heading: 'Too many attempts',
    paragraphs: ['You have tried too many times in a short while. For your security, wait a minute and try again.'],
  },
  500: {
    pageTitle: 'Sorry, there is a problem with the service',
    heading: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later.', 'Your answers were not lost if you saved them before this happened.'],
    linkHref: sitePaths.home(),
    linkText: 'Go to the home page',
  },
};

const csrfPage: Omit<ErrorPage, 'status'> = {
  pageTitle: 'Your form could not be sent',
  heading: 'Sorry, your form could not be sent',
  paragraphs: ['This can happen if the page was open for a long time, or cookies are switched off.', 'Go back, refresh the page and try again.'],
};

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** The one shape of every refusal and failure the API answers (RFC 9457), described by the document's Problem schema. */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  instance: string;
  issues?: { path: string; message: string }[];
}

export const problemMediaType = 'application/problem+json';

/** What each status means to an API client, when the failure has nothing more particular to say. */
const problemDetails: Record<number, string> = {
  400: 'The request could not be read. Check the address, its query and any body against the API document',
  403: 'The token’s role does not allow this here, or the person has not agreed to share their record with the token’s organisation',
  404: 'There is nothing at this address. Check it against the API document',
  408: 'The request took too long to arrive. Send it again',
  413: 'The request is too large',
  415: 'The API does not read a body of this type',
  431: 'The address and headers are too large to read: over 16 KB together. Ids are UUIDs',
  429: 'Too many requests from this token in a minute. Wait the number of seconds the Retry-After header gives, then try again',
  500: 'Something went wrong on our side. Try again later. If it keeps happening, quote the instance when you ask for help',
  503: 'The service is busy. Wait the number of seconds the Retry-After header gives, then try again',
};

/**
 * A problem about this request. "about:blank" with the status's own title, as RFC 9457 asks; the detail is fixed text,
 * never a value from the request. The instance is the request's id, which every log line of the request carries.
 */
export function problemFor(request: FastifyRequest, status: number, detail = problemDetails[status] ?? problemDetails[400]!, issues?: Problem['issues']): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, instance: `urn:uuid:${request.id}`, ...(issues ? { issues } : {}) };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, status: number, detail?: string, issues?: Problem['issues']) {
  return reply.code(status).type(problemMediaType).send(problemFor(request, status, detail, issues));
}

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, page = pages[status] ?? pages[500]!) {
  if (isApi(request)) return sendProblem(request, reply, status);
  reply.code(status);
  return reply.type('text/html; charset=utf-8').render('error.njk', { ...page, status });
}

/**
 * The page for a failure found before any route or hook ran (so no layout, CSRF token or nonce exists): plain HTML
 * that needs nothing, with the headers the hooks would have set.
 */
function sendBarePage(reply: FastifyReply, status: number) {
  const page = pages[status]!;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${page.pageTitle}</title></head><body><main><h1>${page.heading}</h1>${page.paragraphs.map((text) => `<p>${text}</p>`).join('')}<p><a href="${sitePaths.home()}">Go to the home page</a></p></main></body></html>`;
  return reply
    .code(status)
    .headers({ 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'permissions-policy': permissionsPolicy })
    .type('text/html; charset=utf-8')
    .send(html);
}

/**
 * Fastify's `frameworkErrors`: an address the router cannot read (bad percent-encoding) or with a part too long to
 * be any id. Under /api both are a malformed id, 400, as an id that is not a UUID is; a page answers "not found",
 * as a page with a malformed id does.
 */
export function answerUnroutable(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (!isApi(request)) return sendBarePage(reply, 404);
  reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'Part of the address is too long to be an id. Ids are UUIDs'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The address could not be read: part of it is not correctly percent-encoded'
        : undefined;
  return sendProblem(request, reply, 400, detail);
}

/** What may be logged of a failure: its class, codes and constraint names, and where it happened; never a value. */
export function failureForLog(error: unknown): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 3; depth += 1) {
    const fields = current as Error & { code?: unknown; constraint?: unknown; table?: unknown };
    const prefix = depth === 0 ? '' : `cause${depth}`;
    described[prefix ? `${prefix}Name` : 'errorName'] = current.name;
    if (typeof fields.code === 'string') described[prefix ? `${prefix}Code` : 'code'] = fields.code;
    if (typeof fields.constraint === 'string') described[prefix ? `${prefix}Constraint` : 'constraint'] = fields.constraint;
    if (depth === 0) described.stack = (current.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
    current = current.cause;
  }
  return described;
}

/**
 * Fastify's `clientErrorHandler`: a request Node could not even parse (an address or headers over 16 KB, headers that
 * never finished arriving), so there is no request or reply, only the socket. It answers a problem like every other
 * refusal; the instance is logged with the error's code so it can be found, and nothing of the request is.
 */
export function answerUnreadableRequest(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const instance = `urn:uuid:${randomUUID()}`;
  this.log.info({ code: error.code, status, instance }, 'request could not be read');
  const problem: Problem = { type: 'about:blank', title: STATUS_CODES[status]!, status, detail: problemDetails[status]!, instance };
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${problemMediaType}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendErrorPage(request, reply, 404));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({ path: issue.instancePath, message: issue.message ?? 'Not valid' }));
      if (isApi(request)) return sendProblem(request, reply, 400, 'The request did not match the API document. The issues say what was wrong, and where', issues);
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', issues });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      // Log the kind of failure and where, never a message: database errors carry the values that failed, on the
      // first line and on lines after it ("params: …"). Only stack frames, codes and constraint names are kept.
      request.log.error(failureForLog(error), 'request failed');
      return sendErrorPage(request, reply, 500);
    }
    if (error.code?.startsWith('FST_CSRF')) return sendErrorPage(request, reply, 403, csrfPage);
    if (error instanceof NotFoundError && isApi(request)) return sendProblem(request, reply, 404, error.what);
    if (isApi(request)) return sendProblem(request, reply, status);
    return sendErrorPage(request, reply, status, pages[status] ?? pages[400]);
  });
}
