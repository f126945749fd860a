import { describe, expect, it } from 'vitest';
import { auditHash, type ChainedEntry, genesisHash } from './audit-chain.ts';
import { AuditLogCheck, checkpointLine, isSignedWith, parseCheckpointLines, signCheckpoint } from './audit-checkpoints.ts';

const key = Buffer.from('k'.repeat(40));
const signedAt = new Date(Date.UTC(2026, 11, 2, 9, 0, 0));

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let previousHash = genesisHash;
  for (let i = 1; i <= count; i += 1) {
    const fields = { occurredAt: new Date(Date.UTC(2026, 11, 2, 9, 0, i)), actorType: 'user', actorId: 'user-1', action: 'person.read', outcome: 'allowed', subjectType: 'person', subjectId: `person-${i}`, areaId: null, route: '/people/:personId', method: 'GET', requestId: `request-${i}`, detail: null };
    const hash = auditHash(previousHash, fields);
    entries.push({ ...fields, sequence: i, previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

function check(entries: ChainedEntry[], checkpointsAt: number[], source = chain(Math.max(0, ...checkpointsAt))) {
  const checkpoints = checkpointsAt.map((sequence) => signCheckpoint(key, { sequence, hash: source[sequence - 1]!.hash, signedAt }));
  const log = new AuditLogCheck(key, checkpoints);
  log.add(entries);
  return log.finish();
}

describe('audit checkpoints', () => {
  it('accepts its own signature, and no other key, field or signature', () => {
    const checkpoint = signCheckpoint(key, { sequence: 5, hash: 'a'.repeat(64), signedAt });
    expect(isSignedWith(key, checkpoint)).toBe(true);
    expect(isSignedWith(Buffer.from('j'.repeat(40)), checkpoint)).toBe(false);
    expect(isSignedWith(key, { ...checkpoint, sequence: 6 })).toBe(false);
    expect(isSignedWith(key, { ...checkpoint, hash: 'b'.repeat(64) })).toBe(false);
    expect(isSignedWith(key, { ...checkpoint, signedAt: new Date(0) })).toBe(false);
    expect(isSignedWith(key, { ...checkpoint, signature: 'abcd' })).toBe(false);
  });

  it('round-trips through JSON lines and names a line that is not a checkpoint', () => {
    const checkpoints = [1, 2].map((sequence) => signCheckpoint(key, { sequence, hash: 'c'.repeat(64), signedAt }));
    expect(parseCheckpointLines(checkpoints.map(checkpointLine).join('\n') + '\n')).toEqual(checkpoints);
    expect(() => parseCheckpointLines(`${checkpointLine(checkpoints[0]!)}\nnot json`)).toThrow('Line 2 of the checkpoints file is not JSON');
    expect(() => parseCheckpointLines('{"sequence":"one"}')).toThrow('Line 1 of the checkpoints file is not a checkpoint');
  });

  it('passes a whole log and its checkpoints', () => {
    expect(check(chain(20), [10, 20])).toMatchObject({ ok: true, checked: 20, checkpointsChecked: 2, newestCheckpoint: 20, problems: [] });
  });

  it('reports a gap as deleted entries', () => {
    const entries = chain(10).filter((entry) => entry.sequence !== 4 && entry.sequence !== 5);
    expect(check(entries, []).problems).toEqual([{ kind: 'deleted', sequence: 4, message: 'Entries 4 to 5 are missing: deleted from the log.' }]);
  });

  it('reports a chain recomputed after a change by its checkpoint', () => {
    const original = chain(10);
    const rewritten = chain(10).map((entry) => ({ ...entry }));
    rewritten[2]!.actorId = 'someone-else';
    let previousHash = genesisHash;
    for (const entry of rewritten) {
      entry.previousHash = previousHash;
      entry.hash = auditHash(previousHash, entry);
      previousHash = entry.hash;
    }
    expect(check(rewritten, [2, 10], original).problems.map((problem) => `${problem.kind} ${problem.sequence}`)).toEqual(['rewritten 10']);
  });

  it('reports a log shorter than its newest checkpoint, and a checkpoint at a missing entry', () => {
    const original = chain(10);
    expect(check(original.slice(0, 8), [10], original).problems.map((problem) => problem.message)).toEqual([
      'A signed checkpoint names entry 10, but the log ends at entry 8: entries were deleted from the end.',
    ]);
    expect(check(original.filter((entry) => entry.sequence !== 5), [5], original).problems.map((problem) => problem.message)).toEqual([
      'Entry 5 is missing: deleted from the log.',
      'A signed checkpoint names entry 5, which is missing: it was deleted.',
    ]);
  });

  it('reports two entries swapped as out of order', () => {
    const entries = chain(6);
    const swapped = [entries[0]!, entries[1]!, { ...entries[3]!, sequence: 3 }, { ...entries[2]!, sequence: 4 }, entries[4]!, entries[5]!];
    const kinds = check(swapped, []).problems.map((problem) => `${problem.kind} ${problem.sequence}`);
    expect(kinds).toContain('reordered 4');
  });

  it('reports a forged checkpoint, and an exported one missing from the database', () => {
    const entries = chain(10);
    const genuine = signCheckpoint(key, { sequence: 10, hash: entries[9]!.hash, signedAt });
    const forged = signCheckpoint(Buffer.from('f'.repeat(40)), { sequence: 5, hash: entries[4]!.hash, signedAt });
    const log = new AuditLogCheck(key, [forged], [genuine]);
    log.add(entries);
    expect(log.finish().problems.map((problem) => `${problem.kind} ${problem.sequence}`)).toEqual(['checkpoint 5', 'deleted 10']);
  });
});
