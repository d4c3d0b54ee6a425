module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mail-worker',
  rootDir: __dirname,
};
