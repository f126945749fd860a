import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHash, type ChainedEntry, checkChain, genesisHash } from './audit-chain.ts';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let previousHash = genesisHash;
  for (let i = 1; i <= count; i += 1) {
    const fields = {
      occurredAt: new Date(Date.UTC(2026, 10, 22, 9, 0, i)),
      actorType: 'user',
      actorId: `user-${i % 3}`,
      action: 'person.read',
      outcome: i % 4 === 0 ? 'denied' : 'allowed',
      subjectType: 'person',
      subjectId: `person-${i}`,
      areaId: 'area-1',
      route: '/people/:personId',
      method: 'GET',
      requestId: `request-${i}`,
      detail: null,
    };
    const hash = auditHash(previousHash, fields);
    entries.push({ ...fields, sequence: i, previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('accepts an untouched chain', () => {
    expect(checkChain(chain(20))).toMatchObject({ ok: true, checked: 20 });
  });

  it('names the first altered entry, whichever field of whichever entry is changed', () => {
    const fields = ['actorId', 'action', 'outcome', 'subjectId', 'route', 'detail'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19 }), fc.constantFrom(...fields), (index, field) => {
        const entries = chain(20);
        entries[index] = { ...entries[index]!, [field]: 'tampered' };
        const result = checkChain(entries);
        expect(result).toMatchObject({ ok: false, brokenAt: index + 1, checked: index });
      }),
    );
  });

  it('notices a changed time', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, occurredAt: new Date(0) };
    expect(checkChain(entries)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('notices a removed entry at the entry after the gap', () => {
    const entries = chain(6);
    entries.splice(2, 1);
    expect(checkChain(entries)).toMatchObject({ ok: false, brokenAt: 4, problem: expect.stringContaining('removed') });
  });

  it('notices an entry whose hash was recomputed after tampering: the next link no longer follows', () => {
    const entries = chain(6);
    const altered = { ...entries[1]!, subjectId: 'someone-else' };
    altered.hash = auditHash(altered.previousHash, altered);
    entries[1] = altered;
    expect(checkChain(entries)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('keeps the hash of every entry written before lists named their people', () => {
    const [entry] = chain(1);
    const { sequence: _sequence, previousHash, hash, ...fields } = entry!;
    expect(auditHash(previousHash, { ...fields, peopleShown: null })).toBe(hash);
    expect(auditHash(previousHash, { ...fields, peopleShown: undefined })).toBe(hash);
    expect(auditHash(previousHash, { ...fields, peopleShown: [] })).not.toBe(hash);
  });

  it('notices a person added to, removed from or reordered in the people a list showed', () => {
    const entries = chain(4).map((entry) => ({ ...entry }));
    let previousHash = genesisHash;
    for (const entry of entries) {
      entry.previousHash = previousHash;
      entry.peopleShown = ['person-a', 'person-b'];
      entry.hash = auditHash(previousHash, entry);
      previousHash = entry.hash;
    }
    expect(checkChain(entries)).toMatchObject({ ok: true, checked: 4 });
    for (const peopleShown of [['person-a'], ['person-a', 'person-b', 'person-c'], ['person-b', 'person-a'], null]) {
      const tampered = entries.map((entry, index) => (index === 1 ? { ...entry, peopleShown } : entry));
      expect(checkChain(tampered), JSON.stringify(peopleShown)).toMatchObject({ ok: false, brokenAt: 2 });
    }
  });
});
