// Reads Vocalink's modulus checking tables (src/domain/payments/modulus-tables/) once at start-up, so replacing the
// files with Vocalink's next release updates the rules without a code change.
import { readFileSync } from 'node:fs';
import { parseSubstitutionTable, parseWeightTable, type ModulusTables } from '../domain/payments/modulus.ts';

const folder = new URL('../domain/payments/modulus-tables/', import.meta.url);

let loaded: ModulusTables | undefined;

export function modulusTables(): ModulusTables {
  loaded ??= {
    weights: parseWeightTable(readFileSync(new URL('valacdos.txt', folder), 'utf8')),
    substitutions: parseSubstitutionTable(readFileSync(new URL('scsubtab.txt', folder), 'utf8')),
  };
  return loaded;
}
