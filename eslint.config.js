// Lint, and the layer boundaries of docs/architecture.md: each layer's "may not" list is a
// no-restricted-imports / no-restricted-globals block below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (name) => [`**/${name}/*`, `**/${name}/**`, `**/${name}.js`, `./${name}.js`];
const restrict = (layers, message) => ({ group: layers.flatMap(layer), message });

/** Node modules that reach outside the process: files, network, child processes, the clock's timers. */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'dgram',
  'dns',
  'os',
  'readline',
  'timers',
  'process',
].flatMap((m) => [m, `node:${m}`]);

/** Network modules: only the live collector (src/inputs/snapshot/collector) may use them, or `fetch`. */
const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'undici']
  .flatMap((m) => [m, `node:${m}`])
  .map((name) => ({ name, message: 'Only the live collector (src/inputs/snapshot/collector) does network I/O.' }));
const NO_FETCH = { name: 'fetch', message: 'Only the live collector (src/inputs/snapshot/collector) does network I/O.' };

const NO_EXIT = {
  selector: "MemberExpression[object.name='process'][property.name='exit']",
  message: 'Never call process.exit(): set the exit code in src/cli.',
};

/** A list spread into a call's arguments overflows the stack past about 120,000 items. */
const NO_SPREAD_ARGUMENTS = {
  selector: 'CallExpression[callee.property.name=/^(push|unshift|splice|concat|min|max|fromCharCode|fromCodePoint)$/] > SpreadElement',
  message: 'A list spread into a call overflows the stack past about 120,000 items: use appendAll (src/model/arrays.ts) or a loop.',
};

const PURE = {
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'Only src/cli touches the process.' },
    { name: 'console', message: 'Only src/cli prints.' },
    'setTimeout',
    'setInterval',
    'fetch',
  ],
  'no-restricted-syntax': [
    'error',
    NO_EXIT,
    NO_SPREAD_ARGUMENTS,
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Rules and analyses may not read the clock: take the time as an option.' },
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Rules and analyses may not read the clock.' },
    { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Rules and analyses are deterministic.' },
    {
      selector: 'FunctionDeclaration[async=true], ArrowFunctionExpression[async=true], FunctionExpression[async=true]',
      message: 'Rules and analyses are synchronous.',
    },
    { selector: 'AwaitExpression', message: 'Rules and analyses are synchronous.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**', 'schema/**', 'bench/out/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Only src/cli touches the process.' },
        { name: 'console', message: 'Only src/cli prints.' },
        NO_FETCH,
      ],
      'no-restricted-syntax': ['error', NO_EXIT, NO_SPREAD_ARGUMENTS],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      ...PURE,
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [
            restrict(
              ['inputs', 'analyses', 'rules', 'engine', 'findings', 'reporters', 'cli', 'config', 'profiles', 'i18n', 'scan'],
              'model imports nothing from the project.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/inputs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NETWORK_MODULES,
          patterns: [restrict(['analyses', 'rules', 'engine', 'findings', 'reporters', 'cli', 'config', 'profiles', 'scan'], 'inputs import only model.')],
        },
      ],
    },
  },
  {
    // The live collector: the one place that talks to Azure (fetch); still no process, no console.
    files: ['src/inputs/snapshot/collector/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Only src/cli touches the process: take settings as options.' },
        { name: 'console', message: 'Only src/cli prints: report progress through onProgress.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [restrict(['analyses', 'rules', 'engine', 'findings', 'reporters', 'cli', 'config', 'profiles', 'scan'], 'inputs import only model.')] },
      ],
    },
  },
  {
    files: ['src/analyses/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...PURE,
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [
            restrict(
              ['inputs', 'rules', 'engine', 'findings', 'reporters', 'cli', 'config', 'profiles', 'scan'],
              'analyses import only model (and i18n for texts).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...PURE,
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [
            restrict(['inputs', 'engine', 'findings', 'reporters', 'cli', 'config', 'profiles', 'scan'], 'rules import only model, analyses and i18n.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/findings/**/*.ts', 'src/reporters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.filter((m) => !m.endsWith('crypto')),
          patterns: [
            restrict(['inputs', 'analyses', 'engine', 'cli', 'config', 'scan'], 'findings and reporters are pure functions of the report.'),
            { group: ['**/rules/index.js', '**/rules/*/*/rule.js'], message: 'Reporters take the rule catalogue as an argument, never rule implementations.' },
          ],
        },
      ],
    },
  },
  {
    // Configuration and profiles are data and pure functions: the CLI reads the files.
    files: ['src/config/**/*.ts', 'src/profiles/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [
            restrict(['inputs', 'analyses', 'engine', 'reporters', 'cli', 'scan'], 'config and profiles are pure: schemas, rule selection and mappings.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [restrict(['inputs', 'reporters', 'cli', 'scan'], 'the engine runs rules on a graph; it does not read inputs or print.')],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', NO_EXIT, NO_SPREAD_ARGUMENTS],
      'no-restricted-globals': ['error', NO_FETCH],
      'no-restricted-imports': ['error', { paths: NETWORK_MODULES }],
    },
  },
);
