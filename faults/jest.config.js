module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'faults',
  rootDir: __dirname,
  // The suite itself runs with `npm run test:faults`; jest only runs the unit specs of its parts.
  testMatch: ['**/*.spec.ts'],
};
