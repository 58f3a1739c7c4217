'use strict';
// The peer: PostGraphile v4 with grouped aggregates and connection filters, on the same database.
// Started by run.js as a child process: DATABASE_URL, PORT. Needs the bench package (npm install in bench/).
const http = require('node:http');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');
const PgAggregatesPlugin = require('@graphile/pg-aggregates').default;
const ConnectionFilterPlugin = require('postgraphile-plugin-connection-filter');

// Same pool size as the product's default (DB_POOL_SIZE=10).
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: `apt-bench-${process.env.PEER_NAME || 'peer'}` });

const handler = postgraphile(pool, ['public', 'peer'], {
  appendPlugins: [PgAggregatesPlugin, ConnectionFilterPlugin],
  graphileBuildOptions: { connectionFilterRelations: true },
  // Production settings, as PostGraphile's docs recommend for a deployed API.
  watchPg: false,
  graphiql: false,
  enhanceGraphiql: false,
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  extendedErrors: ['errcode'],
  showErrorStack: false,
  retryOnInitFail: false,
  enableQueryBatching: false,
  legacyRelations: 'omit',
});

const server = http.createServer(handler);
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`peer listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
