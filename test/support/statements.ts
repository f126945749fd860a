// Keeps the text of every statement the app sends while serving a test's requests (never their parameters), so the
// area check can read the SQL of the whole run; statements a test sends itself between requests (setting up,
// checking) are not the app's and are left out. One worker and shared modules: every test file adds to the same set.
import type { FastifyInstance } from 'fastify';
import { observeStatements } from '../../src/db/database.ts';

export const recordedStatements = new Set<string>();
let requestsInFlight = 0;
let recording = false;

export function recordStatements(): void {
  if (recording) return;
  recording = true;
  observeStatements((statement) => {
    if (requestsInFlight > 0) recordedStatements.add(statement);
  });
}

/** Counts the app's requests in flight, so statements sent while one is served are known to be the app's. */
export function markRequests(app: FastifyInstance): void {
  // An earlier hook may answer before this one runs (a refused API call), so only requests counted in are counted out.
  const counted = new WeakSet<object>();
  app.addHook('onRequest', async (request) => {
    counted.add(request);
    requestsInFlight += 1;
  });
  app.addHook('onResponse', async (request) => {
    if (counted.delete(request)) requestsInFlight -= 1;
  });
  // A request whose client went away gets no response, so it is counted out here instead.
  app.addHook('onRequestAbort', async (request) => {
    if (counted.delete(request)) requestsInFlight -= 1;
  });
}
