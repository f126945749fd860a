// Keeps the text of every statement the tests send (never their parameters), so the area check can read the SQL of
// the whole run. One worker and shared modules mean every test file adds to the same set.
import { observeStatements } from '../../src/db/database.ts';

export const recordedStatements = new Set<string>();
let recording = false;

export function recordStatements(): void {
  if (recording) return;
  recording = true;
  observeStatements((statement) => recordedStatements.add(statement));
}
