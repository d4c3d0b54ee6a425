// Node environment that remembers a failed test or hook, so the stack keeps its process log
// file and its path is printed where the failure is reported.
const { TestEnvironment } = require('jest-environment-node');

class E2eEnvironment extends TestEnvironment {
  printed = new Set();

  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    this.global.__SESAME_E2E_FAILED__ = true;
    for (const path of this.global.__SESAME_E2E_LOGS__ ?? []) {
      if (this.printed.has(path)) continue;
      this.printed.add(path);
      process.stderr.write(`\n[e2e] a test failed; process logs: ${path}\n`);
    }
  }
}

module.exports = E2eEnvironment;
