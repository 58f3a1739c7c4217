'use strict';
// The synthetic data set, built in memory from a seeded PRNG: the same size and seed give the same rows
// on every machine. The harness loads it into PostgreSQL and also uses it to compute the expected answer
// of each scenario without SQL, so a wrong answer from any system is caught.

const SEED = 20240601;
const TASKS_PER_PLAN = 2000;
/** Plans of other sizes beside the 2,000-task ones: a small one in every data set, a 100,000-task one from that size up. */
const SMALL_PLAN = 100;
const BIG_PLAN = 100000;
const AREAS_PER_PLAN = 9;
const REGIONS = ['SH', 'JS', 'ZJ', 'AH'];
const REGION_ORDINAL = { SH: 1, JS: 2, ZJ: 3, AH: 4 };
const STATUSES = ['NOT_REPORTED', 'NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'DELAYED', 'SUSPENDED'];
const STATUS_WEIGHTS = [15, 10, 40, 20, 10, 5];
const HISTORY_EPOCH = Date.UTC(2024, 0, 1);
const DAY_MS = 86400000;

// Title vocabulary: Chinese phrase and its English. Exactly one entry contains "rail" (the S3 search).
const TOPICS = [
  ['轨道交通', 'rail transit'],
  ['数字政务', 'digital government'],
  ['生态环境', 'ecological protection'],
  ['港口航运', 'port shipping'],
  ['科技创新', 'science innovation'],
  ['产业链', 'industrial chains'],
  ['医疗服务', 'medical services'],
  ['基础教育', 'basic education'],
  ['清洁能源', 'clean energy'],
  ['公共服务', 'public services'],
  ['人才流动', 'talent mobility'],
  ['文化旅游', 'cultural tourism'],
  ['水利设施', 'water works'],
  ['高速公路', 'expressways'],
  ['营商环境', 'business environment'],
  ['一网通办', 'one-stop services'],
  ['社会保障', 'social security'],
  ['金融协同', 'financial cooperation'],
  ['数据共享', 'data sharing'],
  ['乡村振兴', 'rural revitalisation'],
];
const AREA_NAMES = [
  ['科创产业', 'Innovation and industry'],
  ['基础设施', 'Infrastructure'],
  ['生态环境', 'Ecology'],
  ['公共服务', 'Public services'],
  ['对外开放', 'Opening up'],
  ['体制机制', 'Institutions'],
  ['数字长三角', 'Digital delta'],
  ['城乡融合', 'Urban-rural integration'],
  ['安全发展', 'Security'],
];
const AGENCIES = ['发展改革委', '交通运输厅', '生态环境厅', '科技厅', '经济和信息化厅', '教育厅', '卫生健康委', '商务厅'];

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w) => String(n).padStart(w, '0');
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

function pickWeighted(rnd, items, weights) {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rnd() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

/** recorded_at of history row `version` of task `id`: whole seconds, so every system prints the same instant. */
function recordedAt(id, version) {
  return new Date(HISTORY_EPOCH + (version - 1) * 30 * DAY_MS + ((id * 7919) % 86400) * 1000);
}

/** How many tasks each plan holds: `size` in 2,000-task plans, then a 100-task plan, then (from 100,000 up) a 100,000-task plan. */
function planSizes(size) {
  const planCount = Math.max(1, Math.round(size / TASKS_PER_PLAN));
  const sizes = [];
  for (let p = 0; p < planCount; p++) sizes.push(Math.floor(size / planCount) + (p < size % planCount ? 1 : 0));
  sizes.push(SMALL_PLAN);
  if (size >= BIG_PLAN) sizes.push(BIG_PLAN);
  return sizes;
}

/** The data set for `size` tasks (plus the small and big plans). Ids are assigned here (1..n), so rows and expectations agree. */
function buildModel(size, seed = SEED) {
  const rnd = mulberry32(seed ^ size);
  const sizes = planSizes(size);
  const plans = [];
  const areas = [];
  const tasks = [];
  for (let p = 0; p < sizes.length; p++) {
    const plan = {
      id: p + 1,
      code: `BENCH${pad(p + 1, 3)}`,
      round: (p % 3) + 1,
      title: `长三角一体化发展基准测试计划 ${p + 1}`,
      titleEn: `Benchmark plan ${p + 1}`,
      periodStart: 2024,
      periodEnd: 2026,
      areaIds: [],
    };
    plans.push(plan);
    const weights = [];
    for (let a = 0; a < AREAS_PER_PLAN; a++) {
      const area = {
        id: areas.length + 1,
        planId: plan.id,
        ordinal: a + 1,
        code: `A${a + 1}`,
        name: AREA_NAMES[a][0],
        nameEn: AREA_NAMES[a][1],
      };
      areas.push(area);
      plan.areaIds.push(area.id);
      weights.push(1 + rnd() * 3);
    }
    const inPlan = sizes[p];
    plan.taskCount = inPlan;
    for (let i = 0; i < inPlan; i++) {
      const id = tasks.length + 1;
      const status = pickWeighted(rnd, STATUSES, STATUS_WEIGHTS);
      let progress = null;
      if (status === 'NOT_STARTED') progress = 0;
      else if (status === 'COMPLETED') progress = 100;
      else if (status === 'IN_PROGRESS') progress = 5 + Math.floor(rnd() * 91);
      else if (status === 'DELAYED') progress = 5 + Math.floor(rnd() * 76);
      else if (status === 'SUSPENDED') progress = Math.floor(rnd() * 61);
      const history = status === 'NOT_REPORTED' ? 0 : 4 + Math.floor(rnd() * 16);
      const first = REGIONS[Math.floor(rnd() * REGIONS.length)];
      const r = rnd();
      let regions = [first];
      if (r < 0.03) regions = [...REGIONS];
      else if (r < 0.25) {
        const others = REGIONS.filter((x) => x !== first);
        regions = [first, others[Math.floor(rnd() * others.length)]];
      }
      regions.sort((x, y) => REGION_ORDINAL[x] - REGION_ORDINAL[y]);
      const t1 = TOPICS[Math.floor(rnd() * TOPICS.length)];
      let t2 = TOPICS[Math.floor(rnd() * TOPICS.length)];
      if (t2 === t1) t2 = TOPICS[(TOPICS.indexOf(t1) + 1) % TOPICS.length];
      const dueMs = Date.UTC(2024, 0, 1) + Math.floor(rnd() * 4 * 365) * DAY_MS;
      tasks.push({
        id,
        planId: plan.id,
        areaId: pickWeighted(rnd, plan.areaIds, weights),
        code: `${plan.code}T${pad(i + 1, inPlan >= BIG_PLAN ? 6 : 5)}`,
        title: `推进${t1[0]}与${t2[0]}协同（第${i + 1}项）`,
        titleEn: `Advance ${t1[1]} and ${t2[1]} coordination (item ${i + 1})`,
        status,
        progress,
        version: 1 + history,
        agency: AGENCIES[Math.floor(rnd() * AGENCIES.length)],
        startDate: isoDate(dueMs - 365 * DAY_MS),
        dueDate: isoDate(dueMs),
        regions,
      });
    }
  }
  // Indicators: five per plan, one for every 8th task and a second for every 40th.
  const indicators = [];
  for (const plan of plans) {
    for (let k = 1; k <= 5; k++) indicators.push({ id: indicators.length + 1, code: `I${plan.code}P${k}`, planId: plan.id, taskId: null });
  }
  for (const t of tasks) {
    if (t.id % 8 === 0) indicators.push({ id: indicators.length + 1, code: `I${t.code}`, planId: null, taskId: t.id });
    if (t.id % 40 === 0) indicators.push({ id: indicators.length + 1, code: `I${t.code}B`, planId: null, taskId: t.id });
  }
  return { size, seed, plans, areas, tasks, indicators, historyRows: tasks.reduce((s, t) => s + t.version - 1, 0) };
}

module.exports = { buildModel, planSizes, SMALL_PLAN, BIG_PLAN, recordedAt, REGIONS, REGION_ORDINAL, STATUSES, HISTORY_EPOCH };
