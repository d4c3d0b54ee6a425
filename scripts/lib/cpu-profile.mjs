// Preloaded into every process by `PROFILE=<dir> npm run bench` (NODE_OPTIONS refuses --cpu-prof).
// SIGWINCH, because Nest's shutdown hooks take SIGUSR2 and the other usual signals.
// SIGWINCH starts the V8 CPU profiler, the next SIGWINCH writes <app>-<pid>-<n>.cpuprofile into
// CPU_PROFILE_DIR: the bench brackets one scenario with them, so start-up and the other scenarios
// stay out of the profile. Open the files in Chrome DevTools or speedscope, or summarise them with
// `node scripts/cpu-profile-top.mjs <dir>`.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
const app = path.basename(path.dirname(path.dirname(process.argv[1] ?? 'node'))); // dist/apps/<app>/src/main.js
const session = new inspector.Session();
session.connect();
let running = false;
let n = 0;

process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, result) => {
    if (!err && dir) fs.writeFileSync(path.join(dir, `${app}-${process.pid}-${++n}.cpuprofile`), JSON.stringify(result.profile));
  });
});
