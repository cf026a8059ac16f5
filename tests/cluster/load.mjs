// Event reports through the balancer for a while, as clients that retry: each report has
// its Idempotency-Key, and an answer of 503 (or a failed connection) is retried with the
// same key after Retry-After. Then every report answered 2xx is read back. Prints a JSON
// summary; exits 1 if any answer was neither 2xx nor 503, or an acknowledged report is
// missing.
//   node load.mjs BASE_URL SECONDS CONCURRENCY
import { randomUUID } from 'node:crypto';

const [base, seconds = '20', concurrency = '8'] = process.argv.slice(2);
const until = Date.now() + Number(seconds) * 1000;
const statuses = {};
const acknowledged = new Map(); // id -> idempotency key
let failedConnections = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function login() {
  for (;;) {
    try {
      const r = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'dispatcher', password: process.env.WANGGE_DEMO_PASSWORD || 'Wangge@2026' }),
      });
      if (r.ok) return (await r.json()).token;
    } catch {}
    await sleep(200);
  }
}

async function report(token, n) {
  const key = randomUUID();
  const body = JSON.stringify({
    category: '0301', description: `故障切换 ${n}`, grid_code: '440404104001001',
    address: '立新路 5 号', source: 'hotline',
  });
  for (;;) {
    let r;
    try {
      r = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
        body, signal: AbortSignal.timeout(10000),
      });
    } catch {
      failedConnections++;
      await sleep(200);
      continue;
    }
    statuses[r.status] = (statuses[r.status] || 0) + 1;
    if (r.status === 503) {
      const wait = Number(r.headers.get('retry-after') || '1');
      await r.arrayBuffer();
      if (Date.now() > until + 30000) return;
      await sleep(Math.min(wait * 1000, 500));
      continue;
    }
    const text = await r.text();
    if (r.status === 201 || r.status === 200) acknowledged.set(JSON.parse(text).id, key);
    return;
  }
}

const token = await login();
let n = 0;
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (Date.now() < until) await report(token, n++);
}));

// Every acknowledged report is there (read through the balancer, retried while it says 503).
const reader = await login();
const missing = [];
for (const id of acknowledged.keys()) {
  for (;;) {
    const r = await fetch(`${base}/api/v1/events/${id}`, { headers: { Authorization: `Bearer ${reader}` } });
    if (r.status === 503) { await sleep(200); continue; }
    if (r.status !== 200) missing.push(id);
    await r.arrayBuffer();
    break;
  }
}
const unexpected = Object.keys(statuses).filter((s) => !['200', '201', '503'].includes(s));
console.log(JSON.stringify({ acknowledged: acknowledged.size, statuses, failedConnections, missing, unexpected }));
process.exit(missing.length || unexpected.length ? 1 : 0);
