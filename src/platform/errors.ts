// Turns every failure into a GOV.UK-style page (or JSON under /api): 4xx for anything a user can send, a plain
// 500 page for our own faults, with no stack traces or personal data shown or logged.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Decision } from '../domain/access-policy.ts';
import { sitePaths } from './paths.ts';

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

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, page = pages[status] ?? pages[500]!) {
  reply.code(status);
  if (isApi(request)) return reply.type('application/json').send({ statusCode: status, error: page.pageTitle });
  return reply.type('text/html; charset=utf-8').render('error.njk', { ...page, status });
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

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendErrorPage(request, reply, 404));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({
        statusCode: 400,
        error: 'Bad Request',
        issues: error.validation.map((issue) => ({ path: issue.instancePath, message: issue.message })),
      });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      // Log the kind of failure and where, never a message: database errors carry the values that failed, on the
      // first line and on lines after it ("params: …"). Only stack frames, codes and constraint names are kept.
      request.log.error(failureForLog(error), 'request failed');
      return sendErrorPage(request, reply, 500);
    }
    if (error.code?.startsWith('FST_CSRF')) return sendErrorPage(request, reply, 403, csrfPage);
    if (error instanceof NotFoundError && isApi(request)) return reply.code(404).type('application/json').send({ statusCode: 404, error: error.what });
    if (isApi(request) && status === 400) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
    }
    return sendErrorPage(request, reply, status, pages[status] ?? pages[400]);
  });
}
