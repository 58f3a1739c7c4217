'use strict';
// The machine description, the targets P1–P5 judged from the figures, and BENCHMARKS.md.
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const { withClient, ROOT } = require('./database');

const SCENARIOS = {
  S1: 'progressByArea for one plan (task count and counts per status per area)',
  S2: 'a page of 100 tasks of one plan with area, lead regions, latest update and indicators, plus the total',
  S3: 'a filtered search page across all plans: status IN (IN_PROGRESS, DELAYED), lead region JS, "rail" in the title; 20 rows and the total',
  S4: 'recordTaskUpdate from concurrent editors, each on its own task, each sending the version it got back',
  S5: 'dashboard mix on 20 connections: 40% S1, 50% S2, 10% S4',
};
// `peer` is PostGraphile as its user would tune it (SQL functions for S1 and S3); `peer-generic` the plugins' generic
// aggregates and filters. The targets read the tuned one.
const SYSTEMS = ['product', 'peer', 'peer-generic', 'limit'];

async function machine(baseUrl) {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const pg = await withClient(baseUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT version() AS version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit,
         current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem, current_setting('jit') AS jit,
         current_setting('max_connections') AS max_connections, current_setting('lc_collate') AS collate`,
    );
    return rows[0];
  });
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    postgres: pg,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).length,
  };
}

const f0 = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en'));
const f1 = (x) => (x === null || x === undefined ? '–' : x.toFixed(1));
const f2 = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
const mark = (ok) => (ok === null ? '–' : ok ? 'met' : '**missed**');

/** Each target judged at each size (null where it cannot be judged). */
function targets(all) {
  const out = [];
  const largest = all.results[all.results.length - 1];
  for (const r of all.results) {
    const L = r.load ?? {};
    const s1 = L.S1 ?? {};
    const s2 = L.S2 ?? {};
    const p1peer = s1.product && s1.peer ? s1.product.rps / s1.peer.rps : null;
    const p1limit = s1.product && s1.limit ? s1.product.rps / s1.limit.rps : null;
    const p1generic = s1.product && s1['peer-generic'] ? s1.product.rps / s1['peer-generic'].rps : null;
    out.push({
      id: 'P1',
      size: r.size,
      ok: p1peer === null || p1limit === null ? null : p1peer >= 1.2 && p1limit >= 0.7,
      detail: `S1 ${f0(s1.product?.rps)} req/s = ${p1peer ? p1peer.toFixed(2) : '–'}× the tuned PostGraphile (≥ 1.2×; ${p1generic ? p1generic.toFixed(2) : '–'}× the generic one), ${p1limit ? Math.round(p1limit * 100) : '–'}% of the bare route (≥ 70%)`,
    });
    const st = r.statements?.S2?.product?.perRequest;
    const st10 = r.statements?.S2first10?.product?.perRequest;
    const p95r = s2.product && s2.peer ? s2.product.p95 / s2.peer.p95 : null;
    out.push({
      id: 'P2',
      size: r.size,
      ok: st === undefined || p95r === null ? null : st <= 4 && st === st10 && p95r <= 1.5,
      detail: `S2 ${st} statements (first: 100) and ${st10} (first: 10), ≤ 4; p95 ${f1(s2.product?.p95)} ms = ${p95r ? p95r.toFixed(2) : '–'}× PostGraphile's ${f1(s2.peer?.p95)} ms (≤ 1.5×)`,
    });
  }
  const fr = largest.fixedRate ?? {};
  const p3s1 = fr.S1?.product?.p95;
  const p3s3 = fr.S3?.product?.p95;
  out.push({
    id: 'P3',
    size: largest.size,
    ok: p3s1 === undefined || p3s3 === undefined ? null : p3s1 <= 50 && p3s3 <= 50,
    detail: `at a fixed rate (S1 ${all.opts.rate} req/s, S3 ${all.opts.searchRate} req/s): S1 p95 ${f1(p3s1)} ms, S3 p95 ${f1(p3s3)} ms (≤ 50 ms); growth across sizes below`,
  });
  for (const r of all.results) {
    const s4 = r.load?.S4?.product;
    if (!s4) continue;
    const lost = s4.writes.reduce((s, w) => s + w.missing + w.mismatched, 0);
    out.push({
      id: 'P4',
      size: r.size,
      ok: s4.rps >= 500 && lost === 0,
      detail: `S4 ${f0(s4.rps)} updates/s (≥ 500), ${lost} lost over ${s4.writes.reduce((s, w) => s + w.ok, 0).toLocaleString('en')} acknowledged writes`,
    });
  }
  for (const r of all.results) {
    const s5 = r.load?.S5?.product;
    if (!s5) continue;
    out.push({ id: 'P5', size: r.size, ok: s5.rssMb <= 200, detail: `server RSS under S5 ${f0(s5.rssMb)} MB (≤ 200 MB)` });
  }
  if (all.embedded) {
    const times = all.embedded.again.map((a) => a.firstAnswerMs);
    const med = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    out.push({
      id: 'P5',
      size: 'embedded',
      ok: med <= 2000,
      detail: `first answer with an existing data dir: ${times.join(', ')} ms (node dist/src/start.js, the bundled server; ≤ 2,000 ms); npm start ${f0(all.embedded.npmStart.firstAnswerMs)} ms`,
    });
  }
  return out;
}

function resultRows(r) {
  const rows = [];
  for (const s of ['S1', 'S2', 'S3', 'S4', 'S5']) {
    const by = r.load?.[s];
    if (!by) continue;
    for (const name of SYSTEMS) {
      const m = by[name];
      if (!m) continue;
      const st = r.statements?.[s]?.[name]?.perRequest;
      rows.push([
        s,
        name,
        f0(m.rps),
        f1(m.p50),
        f1(m.p95),
        f1(m.p99),
        f0(m.errors),
        f0(m.rssMb),
        f2(m.cpuMsPerReq),
        f2(m.pgCpuMsPerReq),
        st === undefined ? '–' : String(Number(st.toFixed(2))),
        name === 'product' ? '' : `${ratio(by.product?.rps, m.rps)} req/s, ${ratio(by.product?.p95, m.p95)} p95`,
        f2(m.harnessCores),
        f2(m.otherCores),
      ]);
    }
  }
  return rows;
}

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function summaryTable(all) {
  const lines = [];
  for (const r of all.results) {
    lines.push(`${r.size.toLocaleString('en')} tasks`);
    lines.push(
      `  ${'scen'.padEnd(5)}${'system'.padEnd(13)}${'req/s'.padStart(7)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'RSS MB'.padStart(8)}${'stmts'.padStart(7)}  product vs this`,
    );
    for (const row of resultRows(r)) {
      lines.push(
        `  ${row[0].padEnd(5)}${row[1].padEnd(13)}${row[2].padStart(7)}${row[3].padStart(8)}${row[4].padStart(8)}${row[5].padStart(8)}${row[7].padStart(8)}${row[10].padStart(7)}  ${row[11]}`,
      );
    }
  }
  lines.push('targets');
  for (const t of targets(all)) lines.push(`  ${t.id} ${String(t.size).padEnd(9)} ${mark(t.ok).replace(/\*/g, '').padEnd(7)} ${t.detail}`);
  return lines.join('\n');
}

function markdown(all, findings = null) {
  const { opts, machine: m } = all;
  const out = [];
  const largest = all.results[all.results.length - 1];
  out.push('# Benchmarks');
  out.push('');
  out.push('The product (NestJS + Mercurius + TypeORM) measured side by side with **the peer** (PostGraphile 4.14 with');
  out.push('`@graphile/pg-aggregates` and `postgraphile-plugin-connection-filter`, tuned as its user would: S1 and S3 through');
  out.push('SQL functions exposed as root query fields, `bench/lib/peer-schema.sql`), **peer-generic** (the same server asked');
  out.push("through the plugins' generic aggregates and filters) and **the limit** (a bare Fastify route per");
  out.push("scenario running the product's own SQL through `pg` with prepared statements and answering the same JSON, no GraphQL),");
  out.push('on the same database, with the same client, in one run. This machine is shared and noisy: read the ratios, not the');
  out.push('absolute figures. Nothing here is asserted by a test except by `--smoke` (answers and statement counts, never timing).');
  out.push('');
  out.push(findings ?? '<!-- findings -->\n<!-- /findings -->');
  out.push('');
  out.push('## How to run');
  out.push('');
  out.push('```sh');
  out.push('(cd bench && npm ci)            # the peer and the load generator live in their own package');
  out.push('npm run build');
  out.push(`node bench/run.js               # sizes ${opts.sizes.join(', ')}: about ${Math.round(all.seconds / 60)} minutes here`);
  out.push('node bench/run.js --sizes 1000 --rounds 2 --no-profile --no-embedded   # a quicker look');
  out.push("node bench/run.js --smoke       # CI: 165 tasks, answers (the tuned peer's S1/S3 = the product's) + statement budgets, no timing");
  out.push('node bench/embedded-memory.js  # embedded (PGlite) idle RSS and first answer, 3 runs, medians');
  out.push('```');
  out.push('');
  out.push('`DATABASE_URL` names the PostgreSQL server (default `postgresql://postgres@127.0.0.1:5432/postgres`); each size gets a');
  out.push('fresh database `apt_bench_<size>` (dropped and recreated: `task_update` refuses TRUNCATE and DELETE), its schema from the');
  out.push("product's migrations, then a deterministic data set (seeded PRNG in `bench/lib/model.js`): 2,000 tasks per plan");
  out.push(
    '(one plan below 3,000 tasks), plus a plan of 100 tasks and, from 100,000 tasks up, a plan of 100,000, 9 areas per plan, 1–4 of the 4 lead regions per task, about 10 history rows per task,',
  );
  out.push('an indicator for every 8th task plus 5 per plan, each with 3–6 readings; then `VACUUM (ANALYZE)`. `bench/run.js --help`');
  out.push('lists every option.');
  out.push('');
  out.push('## Method');
  out.push('');
  out.push(`- Scenarios (plan asked: \`BENCH001\`, ${'2,000'} tasks from 10,000 tasks up):`);
  for (const [k, v] of Object.entries(SCENARIOS)) out.push(`  - **${k}**: ${v}.`);
  out.push(`- Load: autocannon, ${opts.connections} connections (${opts.writers} for S4), ${opts.warmup} s warm-up per system and scenario, then`);
  out.push(`  ${opts.rounds} rounds of ${opts.duration} s alternating the systems (A B C, B C A, C A B); figures are medians of rounds.`);
  out.push('  Latency percentiles are exact over every response of a round. Every reply is checked for GraphQL errors.');
  out.push("- Before measuring, every system's answer to S1–S3 is compared with the answer computed from the generated data in");
  out.push('  JavaScript (no SQL); a system that answers wrongly is not measured.');
  out.push('- **Statements per request** are counted at the `pg` driver inside each server (a `-r` preload wraps');
  out.push("  `Client#query`; `bench/lib/count-statements.js`) over 10 sequential requests; the product's own `CountingLogger`");
  out.push('  count is read beside it as a cross-check. The API-key lookup (cached 5 s) is excluded and BEGIN/COMMIT included.');
  out.push('- Server RSS: peak `VmRSS` sampled every 200 ms during a round. CPU ms per request: user + system time of the');
  out.push('  server process (`/proc/<pid>/stat`), and of the PostgreSQL backends serving the benchmark database plus the');
  out.push('  parallel query workers they started (reaped children of the postmaster, read after the round). "Client" is the');
  out.push("  load generator's own CPU (in cores), which shares the machine with the servers.");
  out.push('  "Other load" is the CPU (in cores, of 2) that the rest of the machine used during the round: other sessions\'');
  out.push('  test runs share this machine, and a round with much of it is noisy.');
  out.push('- S4/S5 lost-write check: every acknowledged (task, version) must have its history row, and for every task');
  out.push('  `version − history rows` must not move.');
  out.push('- The product runs as `node dist/src/main.js` with `NODE_ENV=production`, pool 10, `RATE_LIMIT_PER_MINUTE=1000000`,');
  out.push(
    '  `LOG_LEVEL=warn` (no per-request log lines) and `GRAPHQL_INTROSPECTION=true` (read once to see which fields exist). PostGraphile gets the same pool size,',
  );
  out.push("  production options and no authentication; its S4 is a PL/pgSQL function doing what the product's TaskWriter");
  out.push("  does (`bench/lib/peer-schema.sql`). The bare route checks the bearer token and runs the product's SQL.");
  out.push('');
  out.push('## Machine');
  out.push('');
  out.push(
    table(
      ['', ''],
      [
        ['date', m.date],
        ['CPU', `${m.cpu}, ${m.cores} cores (load generator, servers and PostgreSQL share them)`],
        ['memory', `${m.memoryGb} GB`],
        ['Node', m.node],
        ['PostgreSQL', m.postgres.version.split(' on ')[0]],
        [
          'settings',
          `fsync ${m.postgres.fsync}, synchronous_commit ${m.postgres.synchronous_commit}, shared_buffers ${m.postgres.shared_buffers}, work_mem ${m.postgres.work_mem}, jit ${m.postgres.jit}, collation ${m.postgres.collate}`,
        ],
        ['product', `commit ${m.commit}${m.dirty ? ` plus ${m.dirty} uncommitted changed files` : ''}`],
        ['run', `${Math.round(all.seconds)} s in all`],
      ],
    ),
  );
  out.push('');
  out.push('## Results');
  for (const r of all.results) {
    out.push('');
    out.push(`### ${r.size.toLocaleString('en')} tasks`);
    out.push('');
    const c = r.counts;
    out.push(
      `${c.plans} plans, ${c.areas} areas, ${c.tasks.toLocaleString('en')} tasks, ${c.lead_regions.toLocaleString('en')} lead-region rows, ${c.history.toLocaleString('en')} history rows, ${c.indicators.toLocaleString('en')} indicators, ${c.readings.toLocaleString('en')} readings; ${Math.round(c.bytes / 2 ** 20)} MB; loaded in ${(r.loadMs / 1000).toFixed(1)} s.`,
    );
    const wrong = Object.entries(r.answers).flatMap(([s, by]) =>
      Object.entries(by)
        .filter(([, d]) => d)
        .map(([n, d]) => `${s} ${n}: ${d}`),
    );
    out.push(wrong.length ? `Wrong answers (not measured): ${wrong.join('; ')}.` : 'All systems gave the expected answers to S1–S3.');
    out.push('');
    out.push(
      table(
        [
          'scenario',
          'system',
          'req/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'errors',
          'RSS MB',
          'server CPU ms/req',
          'PG CPU ms/req',
          'SQL stmts/req',
          'product vs this',
          'client (cores)',
          'other load (cores)',
        ],
        resultRows(r),
      ),
    );
    const w = ['S4', 'S5'].flatMap((k) =>
      Object.entries(r.load?.[k] ?? {}).map(([n, x]) => [
        k,
        n,
        x.writes.map((y) => y.ok).join(' / '),
        x.writes.map((y) => y.conflicts).join(' / '),
        x.writes.map((y) => y.failed).join(' / '),
        x.writes.map((y) => y.missing + y.mismatched).join(' / '),
      ]),
    );
    if (w.length) {
      out.push('');
      out.push(table(['writes', 'system', 'acknowledged per round', 'conflicts', 'failed', 'lost'], w));
    }
    if (r.fixedRate) {
      out.push('');
      out.push(
        `At a fixed rate (evenly spaced arrivals: 10 autocannon connections, each at a tenth of the rate, started 1/rate apart; ${opts.duration + 1} s):`,
      );
      out.push('');
      const rows = [];
      for (const [s, by] of Object.entries(r.fixedRate))
        for (const [n, x] of Object.entries(by))
          rows.push([s, n, `${x.rate ?? opts.rate} asked, ${f0(x.rps)} served`, f1(x.p50), f1(x.p95), f1(x.p99), f2(x.pgCpuMsPerReq)]);
      out.push(table(['scenario', 'system', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'PG CPU ms/req'], rows));
    }
    if (r.shapes) {
      out.push('');
      out.push(`Query shapes of issue "No cliffs" (product only) at a fixed rate of ${opts.shapeRate} req/s, evenly spaced, ${opts.duration} s each:`);
      out.push('');
      const rows = Object.entries(r.shapes).map(([id, x]) =>
        x.refused
          ? [id, x.what, `refused: ${x.refused}`, '', '', '', '', String(x.budget)]
          : [id, x.what, f1(x.p50), f1(x.p95), f1(x.p99), f2(x.pgCpuMsPerReq), String(x.statements), String(x.budget)],
      );
      out.push(table(['shape', 'what', 'p50 ms', 'p95 ms', 'p99 ms', 'PG CPU ms/req', 'statements', 'budget'], rows));
    }
  }
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(
    table(
      ['target', 'size', 'verdict', 'figures'],
      targets(all).map((t) => [t.id, String(t.size).replace(/^(\d+)$/, (x) => Number(x).toLocaleString('en')), mark(t.ok), t.detail]),
    ),
  );
  out.push('');
  out.push('How cost grows with the data (product, median of rounds; PG CPU is PostgreSQL time per request):');
  out.push('');
  const growth = [];
  for (const s of ['S1', 'S2', 'S3']) {
    growth.push([
      s,
      ...all.results.map((r) => {
        const x = r.load?.[s]?.product;
        return x ? `${f1(x.p50)} ms p50, ${f2(x.pgCpuMsPerReq)} ms PG` : '–';
      }),
    ]);
  }
  out.push(table(['scenario', ...all.results.map((r) => `${r.size.toLocaleString('en')} tasks`)], growth));
  out.push('');
  out.push('## SQL per request (product, largest size)');
  out.push('');
  for (const s of ['S1', 'S2', 'S3', 'S4']) {
    const st = largest.statements?.[s]?.product;
    if (!st) continue;
    out.push(`- **${s}**: ${st.perRequest} statements (CountingLogger: ${st.loggerPerRequest})`);
    for (const [text, n] of st.texts) out.push(`  - ${n}× \`${text.replace(/`/g, "'")}…\``);
  }
  const peerSt = ['S1', 'S2', 'S3', 'S4'].map((s) => `${s} ${largest.statements?.[s]?.peer?.perRequest ?? '–'}`).join(', ');
  out.push(
    `- PostGraphile: ${peerSt}. The bare route: ${['S1', 'S2', 'S3', 'S4'].map((s) => `${s} ${largest.statements?.[s]?.limit?.perRequest ?? '–'}`).join(', ')}.`,
  );
  if (largest.profiles) {
    out.push('');
    out.push(`## Where the product's CPU goes (V8 CPU profile of the running product under load, ${largest.size.toLocaleString('en')} tasks)`);
    out.push('');
    out.push('Self time, idle excluded; the profiler itself adds some overhead. `writev` is the socket write system call (HTTP');
    out.push('replies and SQL sent), expensive on this virtual machine for every system.');
    for (const [s, p] of Object.entries(largest.profiles)) {
      out.push('');
      out.push(
        `**${s}**: ${f0(p.totalMs)} ms of CPU over ${p.requests.toLocaleString('en')} requests = ${f2(p.totalMs / p.requests)} ms per request (idle excluded).`,
      );
      out.push('');
      out.push(
        table(
          ['self time by package / file', 'ms', 'share'],
          p.byOwner.slice(0, 12).map(([k, ms, sh]) => [k, f0(ms), `${(sh * 100).toFixed(1)}%`]),
        ),
      );
      out.push('');
      out.push(
        table(
          ['hottest functions', 'ms', 'share'],
          p.byFunction.slice(0, 12).map(([k, ms, sh]) => [`\`${k}\``, f0(ms), `${(sh * 100).toFixed(1)}%`]),
        ),
      );
    }
  }
  if (largest.explain) {
    out.push('');
    out.push(`## Query plans at ${largest.size.toLocaleString('en')} tasks`);
    out.push('');
    out.push('`EXPLAIN (ANALYZE, BUFFERS)` of each distinct statement captured at the driver during the statement count, with its');
    out.push('captured parameters.');
    for (const p of largest.explain.plans) {
      out.push('');
      out.push(
        `### ${p.scenario} ${p.system}: ${p.executionMs ?? '–'} ms execution, ${p.planningMs ?? '–'} ms planning${p.jit ? ', **JIT**' : ''}; indexes: ${p.indexes.length ? p.indexes.map((i) => `\`${i}\``).join(', ') : 'none'}`,
      );
      out.push('');
      out.push('```sql');
      out.push(p.sql.length > 1500 ? `${p.sql.slice(0, 1500)} …` : p.sql);
      out.push(`-- parameters: ${JSON.stringify(p.values).slice(0, 300)}`);
      out.push('```');
      out.push('');
      out.push('```');
      out.push(p.plan);
      out.push('```');
    }
    out.push('');
    out.push('### Indexes');
    out.push('');
    out.push(
      table(
        ['table', 'index', 'definition', 'size', 'scans in the run'],
        largest.explain.indexes.map((i) => [
          i.table,
          i.name,
          `\`${i.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON public\./, '$1')}\``,
          `${Math.round(i.bytes / 1024).toLocaleString('en')} kB`,
          f0(Number(i.scans)),
        ]),
      ),
    );
  }
  if (all.embedded) {
    const e = all.embedded;
    out.push('');
    out.push('## Embedded start-up (PGlite)');
    out.push('');
    out.push(`- new data dir (migrations and seed): first answer after ${f0(e.first.firstAnswerMs)} ms`);
    out.push(
      `- existing data dir, \`node dist/src/start.js\`: ${e.again.map((a) => `${f0(a.firstAnswerMs)} ms`).join(', ')} to the first answer of \`{ plans { code } }\` (RSS ${e.again.map((a) => f0(a.rssMb)).join(', ')} MB)`,
    );
    out.push(`- existing data dir, \`npm start\` (runs \`tsc\` first): ${f0(e.npmStart.firstAnswerMs)} ms`);
  }
  out.push('');
  return out.join('\n');
}

module.exports = { machine, markdown, summaryTable, targets };
