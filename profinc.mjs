import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const t = new Map(); for (let i = 0; i < p.samples.length; i++) t.set(p.samples[i], (t.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const inc = new Map(); let total = 0;
const name = (n) => { const f = n.callFrame; return `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/main\//, '')}:${f.lineNumber}`; };
for (const [id, ms] of t) { const n0 = byId.get(id); if (['(idle)', '(program)', '(garbage collector)'].includes(n0.callFrame.functionName)) continue; total += ms; const seen = new Set(); let cur = id; while (cur !== undefined) { const k = name(byId.get(cur)); if (!seen.has(k)) { inc.set(k, (inc.get(k) ?? 0) + ms); seen.add(k); } cur = parent.get(cur); } }
const filter = process.argv[3] ? new RegExp(process.argv[3]) : /./;
console.log('busy ms', (total / 1000).toFixed(0));
for (const [k, ms] of [...inc].filter(([k]) => filter.test(k)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 60))) console.log((ms / total * 100).toFixed(1).padStart(5), k);
