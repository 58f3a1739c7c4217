'use strict';
// The scenarios as each system is asked them, the answer each must give (computed from the model, no SQL),
// and a normaliser that maps every system's reply to one comparable shape.
const { recordedAt, REGION_ORDINAL } = require('./model');

const PLAN_CODE = 'BENCH001';
const PAGE = 100;
const SEARCH = { status: ['IN_PROGRESS', 'DELAYED'], leadRegion: ['JS'], search: 'rail', first: 20 };
const COUNT_FIELDS = ['taskCount', 'notReported', 'notStarted', 'inProgress', 'completed', 'delayed', 'suspended', 'overdue'];
const STATUS_FIELD = {
  NOT_REPORTED: 'notReported',
  NOT_STARTED: 'notStarted',
  IN_PROGRESS: 'inProgress',
  COMPLETED: 'completed',
  DELAYED: 'delayed',
  SUSPENDED: 'suspended',
};

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** What the running product offers (the write path and Task fields arrive while this harness is in use). */
async function detectProduct(server, token) {
  const res = await fetch(server.url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `{ task: __type(name: "Task") { fields { name } }
        schema: __schema { mutationType { fields { name type { name kind ofType { name } } args { name type { name kind ofType { name } } } } } } }`,
    }),
  });
  const body = await res.json();
  if (!body.data) throw new Error(`introspection failed: ${JSON.stringify(body).slice(0, 500)}`);
  const taskFields = new Set(body.data.task.fields.map((f) => f.name));
  const mutation = (body.data.schema.mutationType?.fields ?? []).find((f) => f.name === 'recordTaskUpdate');
  let write = null;
  if (mutation) {
    const returnType = mutation.type.name ?? mutation.type.ofType?.name;
    write = { selection: returnType === 'Task' ? '{ version }' : '{ task { version } }' };
  }
  return { latestUpdate: taskFields.has('latestUpdate'), indicators: taskFields.has('indicators'), write };
}

// ---- GraphQL documents ---------------------------------------------------------------------------

const productDocs = (caps) => ({
  S1: `query S1($planCode: String!) { progressByArea(planCode: $planCode) {
    area { code } taskCount notReported notStarted inProgress completed delayed suspended overdue } }`,
  S2: `query S2($planCode: String!, $first: Int!) { tasks(planCode: $planCode, first: $first) { totalCount edges { node {
    code title status progress area { code name } leadRegions { code }${caps.latestUpdate ? ' latestUpdate { recordedAt }' : ''}${caps.indicators ? ' indicators { code }' : ''} } } } }`,
  S3: `query S3($filter: TaskFilter!, $first: Int!) { tasks(filter: $filter, first: $first) { totalCount edges { node {
    code title status progress area { code } leadRegions { code } } } } }`,
  S4: caps.write ? `mutation S4($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) ${caps.write.selection} }` : null,
});

const KEY_TASK = 'parentId: { isNull: true }, archivedAt: { isNull: true }';
/** The two PostGraphile systems: `peer` as a PostGraphile user tunes it (SQL functions for S1 and S3), `peer-generic`
 * with the plugins' generic aggregates and filters only. Same server code, same schema, different documents. */
const PEERS = ['peer', 'peer-generic'];
const isPeer = (system) => PEERS.includes(system);
// The tuned peer's custom root query fields (bench/lib/peer-schema.sql: peer.progress_by_area, peer.search_tasks).
const TUNED = {
  S1: `query S1($planCode: String!, $today: Date!) { progressByArea(planCode: $planCode, today: $today) { nodes {
    areaCode taskCount notReported notStarted inProgress completed delayed suspended overdue } } }`,
  S3: `query S3($status: [TaskStatus], $region: [String], $search: String!, $first: Int!) {
    searchTasks(statuses: $status, regions: $region, search: $search, first: $first) {
      totalCount nodes { code title status progress areaByAreaId { code } taskLeadRegionsByTaskId { nodes { regionCode } } } } }`,
};
const peerDocs = (caps, system = 'peer-generic') => ({
  ...genericPeerDocs(caps),
  ...(system === 'peer' ? TUNED : {}),
});
const genericPeerDocs = (caps) => ({
  S1: `query S1($planCode: String!, $today: Date!) { plan: allPlans(condition: { code: $planCode }, first: 1) { nodes { areasByPlanId(orderBy: ORDINAL_ASC) { nodes {
    code
    tasks: tasksByAreaId(filter: { ${KEY_TASK} }) { totalCount groupedAggregates(groupBy: STATUS) { keys distinctCount { id } } }
    overdue: tasksByAreaId(filter: { ${KEY_TASK}, dueDate: { lessThan: $today }, status: { notEqualTo: COMPLETED } }) { totalCount }
  } } } } }`,
  S2: `query S2($planCode: String!, $first: Int!) { plan: allPlans(condition: { code: $planCode }, first: 1) { nodes {
    tasksByPlanId(first: $first, orderBy: [CODE_ASC, ID_ASC], filter: { ${KEY_TASK} }) { totalCount nodes {
      code title status progress areaByAreaId { code name } taskLeadRegionsByTaskId { nodes { regionCode } }
      ${caps.latestUpdate ? 'taskUpdatesByTaskId(orderBy: VERSION_DESC, first: 1) { nodes { recordedAt } }' : ''}
      ${caps.indicators ? 'indicatorsByTaskId(orderBy: CODE_ASC) { nodes { code } }' : ''} } } } } }`,
  S3: `query S3($status: [TaskStatus!], $region: [String!], $search: String!, $first: Int!) {
    allTasks(first: $first, orderBy: [CODE_ASC, ID_ASC], filter: { ${KEY_TASK}, status: { in: $status },
      taskLeadRegionsByTaskId: { some: { regionCode: { in: $region } } },
      or: [{ title: { includesInsensitive: $search } }, { titleEn: { includesInsensitive: $search } }] }) {
      totalCount nodes { code title status progress areaByAreaId { code } taskLeadRegionsByTaskId { nodes { regionCode } } } } }`,
  S4: `mutation S4($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { task { version } } }`,
});

/** An HTTP request (autocannon's shape) for `scenario` on `system`; S4 bodies are made per call by writeBody(). */
function request(system, scenario, caps, token) {
  const headers = { 'content-type': 'application/json' };
  if (!isPeer(system)) headers.authorization = `Bearer ${token}`;
  if (system === 'limit') {
    const bodies = {
      S1: { planCode: PLAN_CODE },
      S2: { planCode: PLAN_CODE, first: PAGE, areaName: true, latestUpdate: caps.latestUpdate, indicators: caps.indicators },
      S3: { filter: { status: SEARCH.status, leadRegion: SEARCH.leadRegion, search: SEARCH.search }, first: SEARCH.first },
    };
    return { method: 'POST', path: `/${scenario.toLowerCase()}`, headers, body: bodies[scenario] ? JSON.stringify(bodies[scenario]) : undefined };
  }
  const docs = system === 'product' ? productDocs(caps) : peerDocs(caps, system);
  const variables = {
    S1: isPeer(system) ? { planCode: PLAN_CODE, today: todayUtc() } : { planCode: PLAN_CODE },
    S2: { planCode: PLAN_CODE, first: PAGE },
    S3: isPeer(system)
      ? { status: SEARCH.status, region: SEARCH.leadRegion, search: SEARCH.search, first: SEARCH.first }
      : { filter: { status: SEARCH.status, leadRegion: SEARCH.leadRegion, search: SEARCH.search }, first: SEARCH.first },
  };
  return {
    method: 'POST',
    path: '/graphql',
    headers,
    body: variables[scenario] ? JSON.stringify({ query: docs[scenario], variables: variables[scenario] }) : undefined,
    doc: docs[scenario],
  };
}

/** The body of one S4 write: the next progress figure for `taskId` at `version`. */
function writeBody(system, caps, taskId, version) {
  const change = { taskId, expectedVersion: version, status: 'IN_PROGRESS', progress: (version * 7) % 100, note: `bench write v${version}` };
  if (system === 'limit') return JSON.stringify(change);
  // The product takes global ids: base64url of "Task:<key>" (src/common/global-id.ts).
  const input = system === 'product' ? { ...change, taskId: Buffer.from(`Task:${taskId}`, 'utf8').toString('base64url') } : change;
  return JSON.stringify({ query: system === 'product' ? productDocs(caps).S4 : peerDocs(caps, system).S4, variables: { input } });
}

/** The version a write reply reports, or null with the reason. */
function writeResult(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { version: null, error: `not JSON: ${String(text).slice(0, 120)}` };
  }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    // PostGraphile reports the function's serialization_failure as errcode 40001.
    const code = e.extensions?.code ?? (e.errcode === '40001' || e.extensions?.exception?.errcode === '40001' ? 'VERSION_CONFLICT' : e.message);
    return { version: null, error: code, actualVersion: e.extensions?.actualVersion ?? e.extensions?.details?.actualVersion };
  }
  const find = (o) => {
    if (!o || typeof o !== 'object') return null;
    if (typeof o.version === 'number') return o.version;
    for (const v of Object.values(o)) {
      const x = find(v);
      if (x !== null) return x;
    }
    return null;
  };
  const version = find(body.data);
  return version === null ? { version: null, error: 'no version in reply' } : { version };
}

// ---- Normalised answers ------------------------------------------------------------------------------

const byOrdinal = (codes) => [...codes].sort((a, b) => REGION_ORDINAL[a] - REGION_ORDINAL[b]);
const iso = (v) => (v === null || v === undefined ? null : new Date(v).toISOString());

function normalize(system, scenario, caps, body) {
  if (!body || !body.data || (body.errors && body.errors.length)) {
    throw new Error(`${system} ${scenario} answered with errors: ${JSON.stringify(body).slice(0, 600)}`);
  }
  const d = body.data;
  if (scenario === 'S1') {
    if (system === 'peer') {
      return d.progressByArea.nodes.map((r) => {
        const row = { area: r.areaCode };
        for (const f of COUNT_FIELDS) row[f] = r[f];
        return row;
      });
    }
    if (system === 'peer-generic') {
      return d.plan.nodes[0].areasByPlanId.nodes.map((a) => {
        const row = { area: a.code };
        for (const f of COUNT_FIELDS) row[f] = 0;
        row.taskCount = a.tasks.totalCount;
        for (const g of a.tasks.groupedAggregates) row[STATUS_FIELD[g.keys[0]]] = Number(g.distinctCount.id);
        row.overdue = a.overdue.totalCount;
        return row;
      });
    }
    return d.progressByArea.map((r) => {
      const row = { area: r.area ? r.area.code : null };
      for (const f of COUNT_FIELDS) row[f] = r[f];
      return row;
    });
  }
  const withDetail = scenario === 'S2';
  const peer = isPeer(system);
  const conn = peer ? (scenario === 'S2' ? d.plan.nodes[0].tasksByPlanId : (d.searchTasks ?? d.allTasks)) : d.tasks;
  const nodes = peer ? conn.nodes : conn.edges.map((e) => e.node);
  return {
    totalCount: conn.totalCount,
    nodes: nodes.map((n) => {
      const area = peer ? n.areaByAreaId : n.area;
      const out = {
        code: n.code,
        title: n.title,
        status: n.status,
        progress: n.progress,
        area: area ? (withDetail ? { code: area.code, name: area.name } : { code: area.code }) : null,
        leadRegions: byOrdinal(peer ? n.taskLeadRegionsByTaskId.nodes.map((x) => x.regionCode) : n.leadRegions.map((x) => x.code)),
      };
      if (withDetail && caps.latestUpdate) {
        out.latestUpdate = peer ? iso(n.taskUpdatesByTaskId.nodes[0]?.recordedAt) : iso(n.latestUpdate?.recordedAt);
      }
      if (withDetail && caps.indicators) {
        out.indicators = (peer ? n.indicatorsByTaskId.nodes : n.indicators).map((x) => x.code);
      }
      return out;
    }),
  };
}

/** The answer computed from the model alone (before any write). */
function expected(model, scenario, caps, today = todayUtc()) {
  const plan = model.plans.find((p) => p.code === PLAN_CODE);
  const areaById = new Map(model.areas.map((a) => [a.id, a]));
  if (scenario === 'S1') {
    return model.areas
      .filter((a) => a.planId === plan.id)
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((a) => {
        const row = { area: a.code };
        for (const f of COUNT_FIELDS) row[f] = 0;
        for (const t of model.tasks) {
          if (t.areaId !== a.id) continue;
          row.taskCount += 1;
          row[STATUS_FIELD[t.status]] += 1;
          if (t.dueDate < today && t.status !== 'COMPLETED') row.overdue += 1;
        }
        return row;
      });
  }
  const indicatorsBy = new Map();
  for (const i of model.indicators) {
    if (i.taskId === null) continue;
    if (!indicatorsBy.has(i.taskId)) indicatorsBy.set(i.taskId, []);
    indicatorsBy.get(i.taskId).push(i.code);
  }
  let matching;
  let first;
  if (scenario === 'S2') {
    matching = model.tasks.filter((t) => t.planId === plan.id);
    first = PAGE;
  } else {
    const needle = SEARCH.search.toLowerCase();
    matching = model.tasks.filter(
      (t) =>
        SEARCH.status.includes(t.status) &&
        t.regions.some((r) => SEARCH.leadRegion.includes(r)) &&
        (t.title.toLowerCase().includes(needle) || t.titleEn.toLowerCase().includes(needle)),
    );
    first = SEARCH.first;
  }
  matching.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id));
  return {
    totalCount: matching.length,
    nodes: matching.slice(0, first).map((t) => {
      const a = areaById.get(t.areaId);
      const out = {
        code: t.code,
        title: t.title,
        status: t.status,
        progress: t.progress,
        area: scenario === 'S2' ? { code: a.code, name: a.name } : { code: a.code },
        leadRegions: t.regions,
      };
      if (scenario === 'S2' && caps.latestUpdate) out.latestUpdate = t.version > 1 ? recordedAt(t.id, t.version).toISOString() : null;
      if (scenario === 'S2' && caps.indicators) out.indicators = (indicatorsBy.get(t.id) ?? []).sort();
      return out;
    }),
  };
}

/** The first difference between two JSON values, as a path and both sides; null when equal. */
function firstDifference(a, b, where = '$') {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return `${where}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${where}: array vs object`;
  if (Array.isArray(a) && a.length !== b.length) return `${where}: ${a.length} items ≠ ${b.length} items`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const diff = firstDifference(a[k], b[k], Array.isArray(a) ? `${where}[${k}]` : `${where}.${k}`);
    if (diff) return diff;
  }
  return null;
}

module.exports = { PEERS, isPeer, PLAN_CODE, PAGE, SEARCH, detectProduct, request, writeBody, writeResult, normalize, expected, firstDifference, todayUtc };
