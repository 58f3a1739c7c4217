'use strict';
// P5: how long the embedded (PGlite) product takes to its first answer, new and existing data dir.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const systems = require('./systems');
const { TOKEN, log, stamp, npmStartArgs } = require('./common');

async function runEmbedded(logDir) {
  const startArgs = npmStartArgs();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-pglite-'));
  try {
    log(`\n${stamp()} embedded start-up (PGlite in ${dataDir})`);
    const first = await systems.timeEmbeddedStart({ dataDir, token: TOKEN, logDir, command: [process.execPath, ...startArgs], label: 'create' });
    log(`  new data dir (migrate + seed): first answer after ${first.firstAnswerMs} ms`);
    const again = [];
    for (let i = 0; i < 3; i++) {
      again.push(await systems.timeEmbeddedStart({ dataDir, token: TOKEN, logDir, command: [process.execPath, ...startArgs], label: `again-${i}` }));
      log(
        `  existing data dir, node ${startArgs.join(' ')} (what npm start runs): first answer after ${again[i].firstAnswerMs} ms (RSS ${again[i].rssMb?.toFixed(0)} MB)`,
      );
    }
    const npmStart = await systems.timeEmbeddedStart({ dataDir, token: TOKEN, logDir, command: ['npm', 'start'], label: 'npm-start' });
    log(`  existing data dir, npm start: first answer after ${npmStart.firstAnswerMs} ms`);
    return { first, again, npmStart };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = { runEmbedded };
