// Read-your-writes with a lagging replica: the grid worker reports an event and at once
// reads it back through the balancer (another node, most likely): always found. The town
// leader, who wrote nothing, reads the same events at once from the replica and, the replica
// applying WAL late on purpose, misses some: proof that the reads did go to the replica.
//   node ryw.mjs BASE_URL ROUNDS
const [base, rounds = '60'] = process.argv.slice(2);
const password = process.env.WANGGE_DEMO_PASSWORD || 'Wangge@2026';
async function login(username) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return (await r.json()).token;
}
const worker = await login('gridworker');
const leader = await login('leader');
let ownMissing = 0, othersStale = 0;
for (let i = 0; i < Number(rounds); i++) {
  const r = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${worker}` },
    body: JSON.stringify({ category: '0301', description: `读己之写 ${i}`, grid_code: '440404104001001',
      address: '立新路 6 号', source: 'patrol' }),
  });
  if (r.status !== 201) throw new Error(`report: ${r.status} ${await r.text()}`);
  const { id } = await r.json();
  const [own, other] = await Promise.all([
    fetch(`${base}/api/v1/events/${id}`, { headers: { Authorization: `Bearer ${worker}` } }),
    fetch(`${base}/api/v1/events/${id}`, { headers: { Authorization: `Bearer ${leader}` } }),
  ]);
  if (own.status !== 200) ownMissing++;
  if (other.status === 404) othersStale++;
  await own.arrayBuffer(); await other.arrayBuffer();
}
console.log(JSON.stringify({ rounds: Number(rounds), ownMissing, othersStale }));
process.exit(ownMissing === 0 && othersStale > 0 ? 0 : 1);
