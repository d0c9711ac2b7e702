/**
 * Preloaded into the server by `--cpu-profile DIR` (Node 20 refuses --cpu-prof in NODE_OPTIONS): a
 * V8 CPU profile of the whole run, written to DIR when the process exits (open it in Chrome DevTools
 * or summarise it with bench/tickets/profile-summary.ts). In-thread inspector messages are handled
 * synchronously, so the profile can be taken in the `exit` handler.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const directory = process.env.SPORTELLO_BENCH_CPU_PROFILE_DIR;
if (directory) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(directory, { recursive: true });
      fs.writeFileSync(path.join(directory, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
