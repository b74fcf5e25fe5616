// pg_sync_worker.mjs - the worker thread of pg_sync.mjs: one connection,
// one query at a time, each answer posted and then signalled through the
// shared flag. A failed connection is dropped; the next query opens a new
// one.
import { workerData, parentPort } from 'node:worker_threads';
import pg from 'pg';

const { url, flag, port } = workerData;
const raw = { getTypeParser: () => (v) => v };
let client = null;

async function connect() {
  const c = new pg.Client({ connectionString: url, types: raw });
  c.on('error', () => { if (client === c) client = null; });
  await c.connect();
  return c;
}

// psql -Atq: the rows of every statement's result, in order
function text(res) {
  const results = Array.isArray(res) ? res : [res];
  const lines = [];
  for (const r of results) {
    for (const row of r.rows || []) lines.push(row.map((v) => (v === null ? '' : v)).join('|'));
  }
  return lines.join('\n');
}

parentPort.on('message', async (sql) => {
  let reply;
  try {
    if (!client) client = await connect();
    reply = { out: text(await client.query({ text: sql, rowMode: 'array' })) };
  } catch (e) {
    reply = { error: e.message };
    const c = client;
    client = null;
    c?.end().catch(() => {});
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
