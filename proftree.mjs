import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const root = new RegExp(process.argv[3]);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const t = new Map(); for (let i = 0; i < p.samples.length; i++) t.set(p.samples[i], (t.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const name = (n) => { const f = n.callFrame; return `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/main\//, '')}:${f.lineNumber}`; };
const incl = (n) => (t.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + incl(byId.get(c)), 0);
// merge tree by name path
const merged = { name: 'ROOT', ms: 0, kids: new Map() };
function add(node, into) { const k = name(node); let m = into.kids.get(k); if (!m) into.kids.set(k, (m = { name: k, ms: 0, kids: new Map() })); m.ms += incl(node); for (const c of node.children ?? []) add(byId.get(c), m); }
function find(node) { if (root.test(name(node))) { add(node, merged); return; } for (const c of node.children ?? []) find(byId.get(c)); }
find(p.nodes[0]);
let total = 0; for (const m of merged.kids.values()) total += m.ms;
const depth = Number(process.argv[4] ?? 4);
function show(m, d) { if (d > depth) return; for (const k of [...m.kids.values()].sort((a, b) => b.ms - a.ms)) { if (k.ms / total < 0.01) continue; console.log(' '.repeat(d * 2) + (k.ms / 1000).toFixed(0).padStart(6) + ' ' + k.name); show(k, d + 1); } }
console.log('total', (total/1000).toFixed(0)); show(merged, 0);
