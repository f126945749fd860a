// Bounds how many requests may use the database at once and how many may wait for it, and refuses new requests while
// the server has been too busy to read them, so that under load a request is told quickly that the service is busy
// instead of queuing behind the embedded database for half a minute.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from './config.ts';
import { sendProblem } from './errors.ts';

export interface QueueLimits {
  /** Requests that may be using the database at the same time. */
  maxActive: number;
  /** Requests that may wait for one of those places; past this, a request is refused at once. */
  maxWaiting: number;
  /** How long a request may wait for a place before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  admit(admitted: boolean): void;
  timer: NodeJS.Timeout;
}

/** Places for requests, handed out in the order asked for; `enter` answers false when the request should be refused. */
export class RequestQueue {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: QueueLimits) {}

  get activeCount(): number {
    return this.active;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  enter(): Promise<boolean> {
    if (this.active < this.limits.maxActive) {
      this.active += 1;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.limits.maxWaiting) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        admit: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          resolve(false);
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** Gives the place back, to the longest-waiting request if there is one. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit(true);
      return;
    }
    this.active = Math.max(0, this.active - 1);
  }
}

/**
 * How long the event loop has been held since it last turned. The embedded database runs on the server's own thread
 * and answers without giving the loop back, so under load a request can wait seconds in the socket before the server
 * reads it, where no queue can see it. A timer that should fire every few milliseconds tells how late the loop is: a
 * request read this late has already waited at least that long, and refusing it at once (a cheap answer) lets the
 * loop catch up. Counted from the timer, not sampled into a histogram, so the answer is about now.
 */
export class LoopDelay {
  private lastTurn = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly tickMs = 20) {
    this.timer = setInterval(() => {
      this.lastTurn = performance.now();
    }, tickMs);
    this.timer.unref();
  }

  /** Milliseconds the loop has been held past its tick, 0 when it is turning freely. */
  get currentMs(): number {
    return Math.max(0, performance.now() - this.lastTurn - this.tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Seconds a refused client is asked to wait: the page says "a minute", so the header does too. */
export const busyRetryAfterSeconds = 60;

const heldPlace = Symbol('database queue place');
const abandoned = Symbol('client went away');

/** Form fields sent back on the busy page so nothing typed is lost; a password is never written into a page. */
function answersToResend(request: FastifyRequest): [string, string][] {
  if (request.method !== 'POST' || !request.body || typeof request.body !== 'object') return [];
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(request.body as Record<string, unknown>)) {
    if (/password/i.test(name)) continue;
    for (const item of [value].flat()) if (typeof item === 'string') fields.push([name, item]);
  }
  return fields;
}

function sendBusy(request: FastifyRequest, reply: FastifyReply) {
  reply.code(503).header('retry-after', String(busyRetryAfterSeconds));
  if (request.url.startsWith('/api/')) return sendProblem(request, reply, 503);
  return reply.type('text/html; charset=utf-8').render('busy.njk', { pageTitle: 'The service is busy', resend: answersToResend(request), action: request.url });
}

/**
 * Every request except static files takes a place before anything reads the database (the session lookup comes
 * later, in the access guard), and gives it back when its answer has gone. A request read while the server has been
 * held past `serverMaxDelayMs` is refused before it takes one. Forms are parsed first, so a refused form can be
 * offered again with its answers.
 */
export function registerDatabaseQueue(app: FastifyInstance, config: AppConfig): RequestQueue {
  const queue = new RequestQueue(config.databaseQueue);
  const loopDelay = config.serverMaxDelayMs > 0 ? new LoopDelay() : undefined;
  if (loopDelay) app.addHook('onClose', async () => loopDelay.stop());
  const overdue = () => loopDelay !== undefined && loopDelay.currentMs > config.serverMaxDelayMs;
  const release = (request: FastifyRequest) => {
    const held = request as FastifyRequest & { [heldPlace]?: boolean };
    if (!held[heldPlace]) return;
    held[heldPlace] = false;
    queue.leave();
  };
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.url?.startsWith('/assets/')) return;
    if (overdue() || !(await queue.enter())) return sendBusy(request, reply);
    // A client that went away while waiting gets no answer, so nothing would give its place back: pass it on now.
    if ((request as FastifyRequest & { [abandoned]?: boolean })[abandoned]) {
      queue.leave();
      return sendBusy(request, reply);
    }
    (request as FastifyRequest & { [heldPlace]?: boolean })[heldPlace] = true;
  });
  app.addHook('onResponse', async (request) => release(request));
  app.addHook('onRequestAbort', async (request) => {
    (request as FastifyRequest & { [abandoned]?: boolean })[abandoned] = true;
    release(request);
  });
  return queue;
}
