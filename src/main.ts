import './compile-cache';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig } from './common/config/app-config';
import { DatabaseSetupError } from './database/database-setup.error';
import { openConfiguredDatabase } from './database/open-database';
import { compactHeap } from './common/compact-heap';

async function main() {
  const config = loadConfig();
  // Read by V8 at each full collection, so setting it now holds for the whole run (see AppConfig).
  if (config.HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROWING_PERCENT}`);
  // Start opening the database before loading Nest and the app: the embedded PGlite starts in a worker thread
  // meanwhile (P5, first answer within 2 s). Both are needed before the first answer.
  const database = openConfiguredDatabase(config);
  void database.catch(() => undefined); // awaited, and reported, by createApp
  const { Logger } = require('@nestjs/common') as typeof import('@nestjs/common');
  const { createApp } = require('./app.factory') as typeof import('./app.factory');
  const running = await createApp(config, { database });
  const logger = new Logger('Main');
  for (const warning of running.database.warnings) logger.warn(warning);
  compactHeap();
  await running.app.listen({ port: config.PORT, host: config.HOST });
  logger.log(
    `GraphQL at http://localhost:${config.PORT}/graphql (${running.database.embedded ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'PostgreSQL server'})`,
  );

  // Graceful shutdown: stop accepting, let in-flight requests (and their transactions) finish, close the pool.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining in-flight requests (up to ${config.SHUTDOWN_GRACE_MS} ms)`);
    const deadline = setTimeout(() => {
      logger.error('Grace period over with requests still running; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    deadline.unref();
    // Shortly before the deadline, cancel the statements still running (a write waiting on a lock): each fails and
    // rolls back, and its client hears so, instead of committing after the process has gone with no reply.
    const cancel = setTimeout(
      () => {
        running
          .cancelStatements()
          .then((n) => n > 0 && logger.warn(`Cancelled ${n} statement(s) still running near the grace deadline`))
          .catch((err) => logger.error(`Could not cancel running statements: ${err instanceof Error ? err.message : err}`));
      },
      config.SHUTDOWN_GRACE_MS - Math.min(2000, config.SHUTDOWN_GRACE_MS / 4),
    );
    cancel.unref();
    running
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error(`Shutdown failed: ${err instanceof Error ? err.message : err}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  // A bad setting names its variable, a database set-up problem says what to do; anything else is logged once.
  console.error(err instanceof ConfigError || err instanceof DatabaseSetupError ? err.message : err);
  process.exit(1);
});
