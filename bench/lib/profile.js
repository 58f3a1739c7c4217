'use strict';
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package / product file and by function.
const fs = require('node:fs');

function owner(url) {
  if (!url) return null;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `product: ${url.slice(dist + 1).replace(/^dist\//, '')}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

/** { totalMs, byOwner: [[name, ms, share]], byFunction: [[name, ms, share]] } of a profile file. */
function summarize(file, top = 15) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples taken while the harness's own profiler hook ran (stopping, serialising) are not the server's work.
  const harness = new Map();
  const isHarness = (id) => {
    if (harness.has(id)) return harness.get(id);
    const n = nodes.get(id);
    const own = /bench\/lib\/count-statements\.js/.test(n.callFrame.url) && n.callFrame.functionName !== 'countedQuery';
    const v = own || (parent.has(id) ? isHarness(parent.get(id)) : false);
    harness.set(id, v);
    return v;
  };
  const selfUs = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
  const byOwner = new Map();
  const byFunction = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = nodes.get(id);
    if (isHarness(id)) continue;
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const who = ['(garbage collector)', '(program)'].includes(fn) ? fn : (owner(n.callFrame.url) ?? fn);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const key = `${fn} ${owner(n.callFrame.url) ?? ''}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, us / 1000, us / total]);
  return { totalMs: total / 1000, idleMs: idle / 1000, byOwner: rank(byOwner), byFunction: rank(byFunction) };
}

/** Sampled allocations (HeapProfiler.startSampling, scaled estimates) by package / product file and by function (self). */
function summarizeHeap(file, top = 15) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byOwner = new Map();
  const byFunction = new Map();
  let total = 0;
  const walk = (n, harness) => {
    const own = harness || /count-statements\.js/.test(n.callFrame.url);
    if (!own && n.selfSize) {
      total += n.selfSize;
      const fn = n.callFrame.functionName || '(anonymous)';
      const who = owner(n.callFrame.url) ?? fn;
      byOwner.set(who, (byOwner.get(who) ?? 0) + n.selfSize);
      const key = `${fn} ${owner(n.callFrame.url) ?? ''}:${n.callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, own);
  };
  walk(prof.head, false);
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, b]) => [k, b, b / total]);
  return { totalBytes: total, byOwner: rank(byOwner), byFunction: rank(byFunction) };
}

module.exports = { summarize, summarizeHeap };
