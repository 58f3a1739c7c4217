'use strict';
// What every part of the harness shares: the API token, the log with elapsed seconds, and the clean-up registry
// (servers to stop, databases to drop) that an interruption (Ctrl-C, SIGTERM) runs before the process ends.

const TOKEN = 'bench-admin-token-000000000000000000000001';
const t0 = Date.now();
const log = (...x) => console.log(...x);
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s]`;

const cleanups = new Set();

/** Registers `fn` to run if the harness is interrupted; returns a function that runs it now (once) and unregisters it. */
function onInterrupt(fn) {
  let done = false;
  const run = async () => {
    if (done) return;
    done = true;
    cleanups.delete(run);
    await fn();
  };
  cleanups.add(run);
  return run;
}

/** Runs every registered clean-up (newest first), each at most once. */
async function cleanUp() {
  for (const run of [...cleanups].reverse()) {
    try {
      await run();
    } catch (err) {
      log(`clean-up failed: ${err.message}`);
    }
  }
}

/** What `npm start` runs, from package.json: node's flags and the script, e.g. ['--max-semi-space-size=16', 'dist/src/start.js']. */
function npmStartArgs() {
  const pkg = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const words = pkg.scripts.start.split(' ');
  if (words[0] !== 'node') throw new Error(`npm start does not run node: ${pkg.scripts.start}`);
  return words.slice(1);
}

module.exports = { TOKEN, t0, log, stamp, onInterrupt, cleanUp, npmStartArgs };
