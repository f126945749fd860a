import { describe, expect, it } from 'vitest';
import { checkModulus } from '../domain/payments/modulus.ts';
import { modulusTables } from './modulus-tables.ts';

describe('modulusTables', () => {
  it('reads the shipped tables once and checks with them', () => {
    const tables = modulusTables();
    expect(modulusTables()).toBe(tables);
    expect(checkModulus(tables, '089999', '66374958')).toEqual({ valid: true, checked: true });
    expect(checkModulus(tables, '089999', '66374959')).toEqual({ valid: false });
  });
});
