// Lint keeps the folder rules of STYLE.md true without anyone remembering them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'crypto', 'http', 'https', 'net', 'os', 'child_process', 'worker_threads', 'stream', 'util', 'url'];

// Every shipped folder: nothing imports test/, and only lib/db touches Prisma.
const everywhere = [
  { group: ['**/test/**'], message: 'Nothing imports test/: fakes enter through dependency objects.' },
  { group: ['@prisma/client', '@prisma/adapter-pg', '**/db/generated/*'], message: 'Only lib/db touches Prisma.' },
];
const restrict = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { paths, patterns: [...everywhere, ...patterns] }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'lib/db/generated/**', '.warden/**', 'scripts/prisma-tool/**', 'coverage/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Deterministic workflow code: no Node builtins, no I/O, no config; activities by type only.
    files: ['workflows/**/*.ts'],
    rules: restrict(
      [
        { group: ['**/lib/*', '!**/lib/contracts'], message: 'Workflows do no I/O: only lib/contracts, and activities by type.' },
        { group: ['@slack/*', 'pg', 'openai', '@anthropic-ai/*', '@google/*'], message: 'Workflows do no I/O: call an activity.' },
        { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Workflows import activities by type only.' },
      ],
      nodeBuiltins.flatMap((m) => [m, `node:${m}`]),
    ),
  },
  {
    files: ['bot/**/*.ts'],
    rules: restrict([
      { group: ['**/activities', '**/activities/**', '@temporalio/worker'], message: 'The bot starts or signals workflows; it never runs activities.' },
      // Any workflows/ path except workflows/messages (signals, updates and queries the bot may use).
      { regex: '(^|/)workflows(/(?!messages(/|$)).*)?$', allowTypeImports: true, message: 'The bot imports workflow functions by type only.' },
    ]),
  },
  {
    files: ['activities/**/*.ts'],
    rules: restrict([{ group: ['**/bot', '**/bot/**', '**/workflows', '**/workflows/**'], message: 'Activities depend only on lib/.' }]),
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/db/**'],
    rules: restrict([{ group: ['**/bot/**', '**/workflows/**', '**/activities/**', '**/runtime/**', '**/api/**'], message: 'lib/ is a library: it imports none of the entry folders.' }]),
  },
  {
    files: ['lib/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/bot/**', '**/workflows/**', '**/activities/**', '**/runtime/**', '**/api/**', '**/test/**'], message: 'lib/ is a library.' }] }],
    },
  },
  {
    files: ['api/**/*.ts', 'runtime/**/*.ts'],
    rules: restrict([]),
  },
);
