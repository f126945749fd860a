// Templates link through the typed paths (the `paths` global), so no page carries a hand-written link to another.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function templates(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return templates(path);
    return entry.name.endsWith('.njk') ? [path] : [];
  });
}

/** A link or form target written as a site path, e.g. href="/people/…" or href: '/admin', outside the static assets. */
const handWritten = /(?:href|action|src)\s*[=:]\s*["'`]\/(?!assets\/)/g;

describe('templates', () => {
  it('build every link and form target from the typed paths', () => {
    const found = templates(src).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (line.match(handWritten) ? [`${relative(src, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(templates(src).length).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});
