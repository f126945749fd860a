// Counts every statement the server sends to PostgreSQL, on the driver itself (each `query` of a pg client, so
// BEGIN, COMMIT and locks count too), for the benchmark's "statements per request". Loaded into `rtc serve` with
// `node --import`; the benchmark reads and resets the count over a small HTTP listener of its own. Statements that
// are not the page's own reads (the session, the audit entry, transaction control) are counted apart as well.
import { createServer } from 'node:http';
import pg from 'pg';

let statements = 0;
let beyondPage = 0;
const notThePagesOwn = /^\s*(begin|commit|rollback)\b|from "sessions"|audit_log|pg_advisory/i;

function textOf(first: unknown): string {
  if (typeof first === 'string') return first;
  const text = (first as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  if (notThePagesOwn.test(textOf(args[0]))) beyondPage += 1;
  return (query as (...given: unknown[]) => unknown).apply(this, args);
} as typeof query;

const port = Number(process.env.STATEMENT_COUNTER_PORT);
if (port) {
  createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ statements, beyondPage }));
    statements = 0;
    beyondPage = 0;
  })
    .listen(port, '127.0.0.1')
    .unref();
}
