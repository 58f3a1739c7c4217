// NestJS 12 and several of its dependencies are ESM-only; Jest's CommonJS loader cannot load them,
// so SWC transforms every file (ours and node_modules) to CommonJS. See README "Tests".
const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
const swcJs = {
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcTs],
    '^.+\\.[mc]?js$': ['@swc/jest', swcJs],
  },
  // playwright-core is CommonJS already (and large): not transformed.
  transformIgnorePatterns: ['/node_modules/playwright-core/'],
  // Need a browser (test/*-browser.spec.ts): `npm run test:browser` (CI runs it after the suite).
  testPathIgnorePatterns: ['/node_modules/', '/test/[^/]*-browser\\.spec\\.ts$'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
