module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mail-templates',
  rootDir: __dirname,
};
