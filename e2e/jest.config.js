module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e-spec.ts'],
  testEnvironment: '<rootDir>/jest-environment.js',
  testTimeout: 120_000,
};
