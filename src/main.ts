import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './common/config/app-config';

async function main() {
  const config = loadConfig();
  const running = await createApp(config);
  const logger = new Logger('Main');
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
  // A bad setting names its variable; anything else is logged once.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
