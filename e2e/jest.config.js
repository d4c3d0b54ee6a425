// E2E_GROUP=parallel: every spec but those in serial-specs.js; E2E_GROUP=serial: only those; unset:
// all (a single spec file named on the command line runs whatever its group).
const serial = require('./serial-specs.js');

const group = process.env.E2E_GROUP;
const serialPattern = `/(${serial.map((f) => f.replace(/[.-]/g, '\\$&')).join('|')})$`;

module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: group === 'serial' ? serial.map((f) => `**/${f}`) : ['**/*.e2e-spec.ts'],
  testPathIgnorePatterns: group === 'parallel' ? ['/node_modules/', serialPattern] : ['/node_modules/'],
  testEnvironment: '<rootDir>/jest-environment.js',
  testTimeout: 120_000,
};
