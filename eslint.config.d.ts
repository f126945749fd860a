// Types for the lint configuration's exports, so the layer-rule tests can lint fixtures with the same rules.
import type { Linter } from 'eslint';

export function houseRules(root?: string): Linter.Config[];
export function layerZones(root?: string): { target: string; from: string; except?: string[]; message: string }[];
declare const config: Linter.Config[];
export default config;
