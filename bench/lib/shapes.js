'use strict';
// The query shapes of issue "No cliffs" (A–F) as the product is asked them, each with its statement budget: the
// statements a request may cost, whatever the data (the budget is the same for plans of 100, 2,000 and 100,000
// tasks). `--smoke` checks every budget and a few answers against the model; the full run measures each shape's
// latency at a moderate fixed rate.
const { PLAN_CODE } = require('./scenarios');

const PAGE = 100;

/** An opaque cursor of the product's task lists (CODE_ASC): the harness makes one to ask for a page deep in the list. */
const codeCursor = (task) => Buffer.from(JSON.stringify(['CODE_ASC', task.code, task.id]), 'utf8').toString('base64url');

/** The database key inside a product's global id (base64url of "Type:key", src/common/global-id.ts). */
const keyOf = (globalId) => Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id);

/** Plans to ask per-plan shapes about: the 100-task plan, BENCH001 and the largest, each once. */
function planVariants(model) {
  const bySize = [...model.plans].sort((a, b) => a.taskCount - b.taskCount);
  const picks = [bySize[0], model.plans.find((p) => p.code === PLAN_CODE), bySize[bySize.length - 1]];
  return [...new Map(picks.map((p) => [p.code, p])).values()];
}

/**
 * Every shape for this data set: { id, what, budget, query, variables, expect? } where expect(data) returns a
 * difference (string) or null. Ids ending in @PLAN are the same shape asked of plans of different sizes.
 */
function shapes(model, today = new Date().toISOString().slice(0, 10)) {
  const tasks = [...model.tasks].sort(byCode);
  const deep = tasks[Math.min(50000, Math.floor(tasks.length / 2))];
  const afterDeep = tasks.slice(tasks.indexOf(deep) + 1, tasks.indexOf(deep) + 1 + PAGE).map((t) => t.code);
  const perArea = new Map();
  for (const t of model.tasks) perArea.set(t.areaId, (perArea.get(t.areaId) ?? 0) + 1);
  const same = (got, want, what) =>
    JSON.stringify(got) === JSON.stringify(want) ? null : `${what}: ${JSON.stringify(got).slice(0, 200)} ≠ ${JSON.stringify(want).slice(0, 200)}`;
  const list = [
    {
      id: 'A1',
      what: "every plan's areas, each with a one-task page and its total",
      budget: 3,
      query: '{ plans { areas { id tasks(first: 1) { totalCount } } } }',
      expect: (d) =>
        same(
          d.plans.flatMap((p) => p.areas.map((a) => [keyOf(a.id), a.tasks.totalCount])),
          model.areas.map((a) => [a.id, perArea.get(a.id) ?? 0]),
          'area totals',
        ),
    },
    {
      id: 'A2',
      what: `an area's one-task page and total under each task of a page of ${PAGE}`,
      budget: 2,
      query: `query($p: String!) { tasks(planCode: $p, first: ${PAGE}) { edges { node { code area { tasks(first: 1) { totalCount } } } } } }`,
      variables: { p: PLAN_CODE },
    },
    {
      id: 'A3',
      what: `three history rows and their total under each task of a page of ${PAGE}`,
      budget: 2,
      query: `query($p: String!) { tasks(planCode: $p, first: ${PAGE}) { edges { node { version history(first: 3) { totalCount edges { node { version } } } } } } }`,
      variables: { p: PLAN_CODE },
      expect: (d) =>
        same(
          d.tasks.edges.map((e) => e.node.history.totalCount),
          d.tasks.edges.map((e) => e.node.version - 1),
          'history totals',
        ),
    },
    { id: 'C', what: 'roundComparison', budget: 2, query: '{ roundComparison { plan { code } catalogedTaskCount computedCompletionRate } }' },
    {
      id: 'D1',
      what: `all plans, a first page of ${PAGE}`,
      budget: 1,
      query: `{ tasks(first: ${PAGE}) { edges { node { code } } } }`,
      expect: (d) =>
        same(
          d.tasks.edges.map((e) => e.node.code),
          tasks.slice(0, PAGE).map((t) => t.code),
          'first page',
        ),
    },
    {
      id: 'D2',
      what: 'all plans, overdue, a first page and the total',
      budget: 2,
      query: `{ tasks(first: ${PAGE}, filter: { overdue: true }) { totalCount edges { node { code } } } }`,
      expect: (d) => same(d.tasks.totalCount, tasks.filter((t) => t.dueDate < today && t.status !== 'COMPLETED').length, 'overdue total'),
    },
    {
      id: 'D3',
      what: 'all plans, lead region JS, a first page and the total',
      budget: 2,
      query: `{ tasks(first: ${PAGE}, filter: { leadRegion: [JS] }) { totalCount edges { node { code } } } }`,
      expect: (d) =>
        same(
          d.tasks.edges.map((e) => e.node.code),
          tasks
            .filter((t) => t.regions.includes('JS'))
            .slice(0, PAGE)
            .map((t) => t.code),
          'JS page',
        ),
    },
    {
      id: 'D4',
      what: `all plans, a page ${tasks.indexOf(deep) + 1} rows deep`,
      budget: 1,
      query: `query($after: String!) { tasks(first: ${PAGE}, after: $after) { edges { node { code } } } }`,
      variables: { after: codeCursor(deep) },
      expect: (d) =>
        same(
          d.tasks.edges.map((e) => e.node.code),
          afterDeep,
          'deep page',
        ),
    },
    {
      id: 'E',
      what: 'search "rail" across all plans, a page of 20 and the total',
      budget: 1,
      query: '{ tasks(first: 20, filter: { search: "rail" }) { totalCount edges { node { code } } } }',
      expect: (d) => same(d.tasks.totalCount, tasks.filter((t) => `${t.title}\n${t.titleEn}`.toLowerCase().includes('rail')).length, 'search total'),
    },
  ];
  for (const plan of planVariants(model)) {
    const inPlan = tasks.filter((t) => t.planId === plan.id);
    list.push(
      {
        id: `B@${plan.taskCount}`,
        what: `progressByRegion, a plan of ${plan.taskCount} tasks`,
        budget: 1,
        query: 'query($p: String!) { progressByRegion(planCode: $p) { region { code } taskCount overdue } }',
        variables: { p: plan.code },
      },
      {
        id: `F1@${plan.taskCount}`,
        what: `a page of ${PAGE}, a plan of ${plan.taskCount} tasks`,
        budget: 1,
        query: `query($p: String!) { tasks(planCode: $p, first: ${PAGE}) { edges { node { code } } } }`,
        variables: { p: plan.code },
        expect: (d) =>
          same(
            d.tasks.edges.map((e) => e.node.code),
            inPlan.slice(0, PAGE).map((t) => t.code),
            'plan page',
          ),
      },
      {
        id: `F2@${plan.taskCount}`,
        what: `a page of ${PAGE} and the total, a plan of ${plan.taskCount} tasks`,
        budget: 2,
        query: `query($p: String!) { tasks(planCode: $p, first: ${PAGE}) { totalCount edges { node { code } } } }`,
        variables: { p: plan.code },
        expect: (d) => same(d.tasks.totalCount, inPlan.length, 'plan total'),
      },
      {
        id: `F3@${plan.taskCount}`,
        what: `progressByArea, a plan of ${plan.taskCount} tasks`,
        budget: 1,
        query: 'query($p: String!) { progressByArea(planCode: $p) { area { code } taskCount completed overdue } }',
        variables: { p: plan.code },
        expect: (d) =>
          same(
            d.progressByArea.reduce((s, r) => s + r.taskCount, 0),
            inPlan.length,
            'tasks over areas',
          ),
      },
    );
  }
  return list;
}

/** The request (autocannon's shape) for a shape. */
function shapeRequest(shape, token) {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: shape.query, variables: shape.variables ?? {} }),
  };
}

module.exports = { shapes, shapeRequest };
