// Lint rules: typescript-eslint's recommended set, plus the house's layer rules (docs/architecture.md): domain/ is
// pure; a feature never imports another feature; records/ imports only domain/ and db/; platform/ never imports a
// feature; time is read only through the clock; route code neither runs SQL nor builds a URL by hand.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// domain/ imports nothing outside itself: relative imports may not climb out of it, and no framework or database.
function domainStaysPure(files, leavesDomain) {
  return [
    {
      files,
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: [leavesDomain, '!../domain/*'], message: 'domain/ is pure: it imports nothing outside itself.' },
              { group: ['fastify*', 'drizzle-orm*', 'pg', '@electric-sql/*', 'nunjucks'], message: 'domain/ is pure: no framework or database imports.' },
            ],
          },
        ],
      },
    },
  ];
}

/**
 * The layers as import zones, resolved from the importing file's folder. `root` is where `src/` lives, so a test can
 * lint a fixture tree laid out like the real one.
 */
export function layerZones(root = '.') {
  const featuresDir = `${root}/src/features`;
  const features = readdirSync(featuresDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return [
    ...features.map((feature) => ({
      target: `${featuresDir}/${feature}`,
      from: featuresDir,
      except: [`./${feature}`],
      message: 'A feature never imports another feature: move what both need to records/, platform/ or domain/ (links go through request.server.paths or the templates’ paths).',
    })),
    { target: `${root}/src/records`, from: `${root}/src`, except: ['./records', './domain', './db'], message: 'records/ imports only domain/ and db/.' },
    { target: `${root}/src/platform`, from: `${featuresDir}`, message: 'platform/ never imports a feature.' },
  ];
}

const systemTime = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time through the clock (services.clock / request.server.clock), so tests can set it.' },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time through the clock (services.clock / request.server.clock), so tests can set it.' },
];

const handBuiltUrls = [
  { selector: 'Literal[value=/^\\/[a-z]/]', message: 'Build links and route patterns from the feature’s typed paths (paths.ts).' },
  { selector: 'TemplateLiteral > TemplateElement:first-child[value.raw=/^\\/[a-z]/]', message: 'Build links from the feature’s typed paths (paths.ts).' },
];

export function houseRules(root = '.') {
  return [
    {
      files: ['src/**/*.ts'],
      plugins: { 'import-x': importX },
      settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
      rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones(root) }] },
    },
    {
      files: ['src/**/*.ts'],
      ignores: ['src/**/*.test.ts', 'src/platform/clock.ts'],
      rules: { 'no-restricted-syntax': ['error', ...systemTime] },
    },
    {
      // Route code asks services and records for data and the typed paths for links.
      files: ['src/features/**/*.ts'],
      ignores: ['src/features/**/*.test.ts', 'src/features/**/paths.ts'],
      rules: { 'no-restricted-syntax': ['error', ...systemTime, ...handBuiltUrls] },
    },
    {
      files: ['src/features/**/routes.ts', 'src/features/**/*-routes.ts', 'src/features/**/api.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [{ group: ['drizzle-orm*', '**/db/schema*'], message: 'Route handlers run no SQL: put the query in the feature’s queries.ts or service, or in records/.' }] },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'src/db/migrations/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...houseRules(),
  ...domainStaysPure(['src/domain/*.ts'], '../*'),
  ...domainStaysPure(['src/domain/*/**/*.ts'], '../../*'),
);
