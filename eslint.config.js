// Lint rules: typescript-eslint's recommended set, plus the house rule that domain/ imports nothing outside itself.
import js from '@eslint/js';
import globals from 'globals';
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

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'src/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...domainStaysPure(['src/domain/*.ts'], '../*'),
  ...domainStaysPure(['src/domain/*/**/*.ts'], '../../*'),
);
