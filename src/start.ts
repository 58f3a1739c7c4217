// `npm start`: runs the bundled server, dist/server/main.js (scripts/bundle-server.mjs: one file instead of ~1,700
// modules), with its compiled code cached on disk, so that the first answer comes sooner (issue 11, item 5). Where no
// bundle was built (a bare `nest build`), it runs dist/src/main.js as before.
// The code cache is code-cache.ts's (why not Node's own: see there). NODE_DISABLE_COMPILE_CACHE=1 turns it off;
// NODE_COMPILE_CACHE names its directory (default: under the temp dir).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { requireWithCodeCache } from './code-cache';

const bundle = join(__dirname, '..', 'server', 'main.js');

if (!existsSync(bundle)) require('./main');
else if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') require(bundle);
else requireWithCodeCache(bundle);
