import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './common/config/app-config';

async function main() {
  const config = loadConfig();
  const { app, database } = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  new Logger('Main').log(
    `GraphQL at http://localhost:${config.PORT}/graphql (${database.embedded ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'PostgreSQL server'})`,
  );
}

main().catch((err) => {
  // A bad setting names its variable; anything else is logged without leaking secrets.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
