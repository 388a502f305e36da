import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Files that may read a Confidential as stored text (to write it, or to compare it in the database). */
const QUERIES_FILES = ['src/**/queries.ts', 'src/**/queries/*.ts', 'src/**/*-queries.ts'];
/** Where a Confidential may become text: the one presenter, and the redaction module itself. */
const PRESENTER_FILES = ['src/features/people/present.ts', 'src/domain/redaction/**'];

const STORED_TEXT_RESTRICTIONS = [
  {
    selector: "ImportSpecifier[imported.name='storedText']",
    message: 'Only queries files may read a Confidential as stored text; everything else goes through present().',
  },
];

const PRESENTER_ONLY = 'Only the presenter (src/features/people/present.ts) turns a Confidential into text or says "Withheld": call one of its present… functions.';
const SQL_RESTRICTIONS = [
  {
    selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]",
    message: 'SQL lives in the feature\'s queries files (queries.ts or queries/*.ts); call a query function from here.',
  },
  {
    selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.object.name='sql']",
    message: 'SQL lives in the feature\'s queries files (queries.ts or queries/*.ts); call a query function from here.',
  },
];
const PRESENT_RESTRICTIONS = [
  { selector: "ImportSpecifier[imported.name='present']", message: PRESENTER_ONLY },
  { selector: "ImportSpecifier[imported.name='WITHHELD_TEXT']", message: PRESENTER_ONLY },
  { selector: "CallExpression[callee.name='present']", message: PRESENTER_ONLY },
  { selector: "MemberExpression[property.name='WITHHELD_TEXT']", message: PRESENTER_ONLY },
  { selector: "ImportDeclaration[source.value=/redaction\\/confidential/] > ImportNamespaceSpecifier", message: 'Import what you need from confidential.js by name, so the rules on Confidential values can see it.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts', 'scripts/**', 'bin/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'console', 'setTimeout', 'clearTimeout', 'Buffer', 'URL'].map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['src/platform/http/public/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'document', 'fetch', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'HTMLElement', 'DOMParser', 'console'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/platform/**', '**/features/**', 'fastify', 'kysely', 'pg', '@electric-sql/*', 'nunjucks', 'node:*'] }],
    },
  },
  // Confidential values (ADR 0007). ESLint does not merge one rule's options across blocks, so each
  // kind of file gets every restriction that applies to it in one no-restricted-syntax.
  {
    files: ['src/**/*.ts'],
    ignores: [...QUERIES_FILES, ...PRESENTER_FILES],
    rules: { 'no-restricted-syntax': ['error', ...STORED_TEXT_RESTRICTIONS, ...PRESENT_RESTRICTIONS] },
  },
  {
    // Features reach the database only through their queries files: no query builder, no sql`` elsewhere.
    files: ['src/features/**/*.ts'],
    ignores: [...QUERIES_FILES, ...PRESENTER_FILES, 'src/features/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...STORED_TEXT_RESTRICTIONS, ...PRESENT_RESTRICTIONS, ...SQL_RESTRICTIONS] },
  },
  {
    files: QUERIES_FILES,
    ignores: ['src/domain/redaction/**'],
    rules: { 'no-restricted-syntax': ['error', ...PRESENT_RESTRICTIONS] },
  },
  {
    files: ['src/features/people/present.ts'],
    rules: { 'no-restricted-syntax': ['error', ...STORED_TEXT_RESTRICTIONS] },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/features/**'] }] },
  },
  {
    // A feature uses another feature only through its service (service.ts, or a named *-service.ts):
    // its presenters, schemas and queries stay its own. Types may be shared (a page frame, a view).
    files: ['src/features/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[a-z-]+/(?!([a-z-]+-)?service\\.js$)',
              message: 'A feature uses another feature only through its service (service.ts or *-service.ts).',
              allowTypeImports: true,
            },
            {
              // The same from a file in a sub-folder of a feature (queries/, say).
              regex: '^\\.\\./\\.\\./(?!platform/|domain/)[a-z-]+/(?!([a-z-]+-)?service\\.js$)',
              message: 'A feature uses another feature only through its service (service.ts or *-service.ts).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
