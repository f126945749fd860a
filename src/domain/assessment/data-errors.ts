// Turns zod's verdict on imported JSON (question sets, eligibility rules, RAS tables, calculators) into plain-English
// errors an area administrator can act on, naming each item by its id where it has one.
import type { z } from 'zod';

/** What a list of items is called in an error, by the JSON key that holds the list. */
const itemNames: Record<string, string> = {
  sections: 'section',
  questions: 'question',
  options: 'option',
  bands: 'band',
  deductions: 'deduction',
  addOns: 'add-on',
  rules: 'rule',
  conditions: 'condition',
  when: 'condition',
  scoring: 'scoring rule',
  outcomes: 'outcome',
  employerShares: 'employer share',
};

/** Has the number at most `places` decimal places (allowing for floating-point noise)? For `.refine` on percentages. */
export function hasAtMostDecimals(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

function labelFor(listKey: string, index: number, item: unknown): string {
  const name = itemNames[listKey] ?? `item in "${listKey}"`;
  if (item && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    if (typeof record.id === 'string' && record.id) return `${name} "${record.id}"`;
    if (typeof record.question === 'string' && record.question) return `${name} ${index + 1} (question "${record.question}")`;
    if (typeof record.streamCode === 'string' && record.streamCode) return `${name} for "${record.streamCode}"`;
  }
  return `${name} ${index + 1}`;
}

function place(input: unknown, path: readonly PropertyKey[]): { context: string[]; field: string[]; value: unknown } {
  const context: string[] = [];
  let field: string[] = [];
  let node: unknown = input;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const listKey = field.pop() ?? 'list';
      const item = Array.isArray(node) ? node[segment] : undefined;
      context.push(labelFor(listKey, segment, item));
      field = [];
      node = item;
    } else {
      field.push(String(segment));
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(segment)] : undefined;
    }
  }
  return { context, field, value: node };
}

const typeNames: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list in [ ]',
  object: 'a group of settings in { }',
  null: 'null',
};

function problem(issue: z.core.$ZodIssue, value: unknown): string {
  // Our own messages in the schemas are lower-case fragments ("must be a date like 2025-04-01"); zod's defaults start
  // with a capital, so they are reworded here.
  if (/^[a-z]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is missing';
      return `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'number' || issue.origin === 'int') {
        if (minimum === 0 && issue.inclusive) return 'cannot be negative';
        return issue.inclusive ? `must be ${minimum} or more` : `must be more than ${minimum}`;
      }
      if (issue.origin === 'string') return minimum <= 1 ? 'cannot be empty' : `must be at least ${minimum} characters`;
      if (issue.origin === 'array') return minimum <= 1 ? 'must have at least one item' : `must have at least ${minimum} items`;
      return `is too small (at least ${minimum})`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive ? `must be ${maximum} or less` : `must be less than ${maximum}`;
      if (issue.origin === 'string') return `must be ${maximum} characters or fewer`;
      if (issue.origin === 'array') return `must have no more than ${maximum} items`;
      return `is too big (at most ${maximum})`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) {
        const list = options.map((v) => JSON.stringify(v)).join(', ');
        return value === undefined ? `is missing: it must be one of ${list}` : `must be one of ${list}`;
      }
      return value === undefined ? 'is missing' : 'is not in a form we recognise';
    }
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'has a setting we do not recognise' : 'has settings we do not recognise'}: ${issue.keys
        .map((k) => `"${k}"`)
        .join(', ')} (check the spelling)`;
    case 'invalid_format':
      return 'is not in the right format';
    default:
      return issue.message;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Puts a problem in its place: `Section "work", question "hours": "max" must be 0 or more`. */
export function describeAt(context: readonly string[], field: readonly string[], message: string): string {
  const where = context.join(', ');
  const what = field.length ? `"${field.join('.')}"` : '';
  if (where && what) return capitalise(`${where}: ${what} ${message}`);
  if (where) return capitalise(`${where} ${message}`);
  if (what) return `${what} ${message}`;
  return `The file ${message}`;
}

/** One plain-English line per problem zod found, in the order found, without repeats. */
export function plainIssues(error: z.ZodError, input: unknown): string[] {
  const lines = error.issues.map((issue) => {
    const { context, field, value } = place(input, issue.path);
    return describeAt(context, field, problem(issue, value));
  });
  return [...new Set(lines)];
}

/** The label an error uses for an item in a list, for checks made after the schema (unique ids, references...). */
export function itemLabel(listKey: string, index: number, item: unknown): string {
  return capitalise(labelFor(listKey, index, item));
}
