// pg_sync.mjs - a synchronous SQL call on one kept PostgreSQL connection,
// for the harness's srv.sql() ("nothing was written" checks, fixtures,
// tampering).
//
// Why: srv.sql() is synchronous (hundreds of call sites read its answer
// inline), and a psql process per call costs a process start, a server
// backend and a SCRAM sign-in - about 60 ms, so the PostgreSQL pass spent
// minutes in psql. Here one connection lives in a worker thread (npm `pg`);
// the caller posts the SQL and blocks on Atomics.wait until the worker has
// answered. The answer is what `psql -Atq -c` prints: every result's rows,
// fields joined by '|', NULL as '', rows by '\n', values as PostgreSQL's
// text (no type parsing). An error throws with PostgreSQL's message.
import { Worker, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

const WAIT_MS = 120_000;

export function pgSync(url) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./pg_sync_worker.mjs', import.meta.url), {
    workerData: { url, flag, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  let dead = null;
  worker.on('error', (e) => { dead = e; });
  return {
    query(sql) {
      if (dead) throw new Error(`pg_sync worker stopped: ${dead.message}`);
      Atomics.store(flag, 0, 0);
      worker.postMessage(sql);
      if (Atomics.wait(flag, 0, 0, WAIT_MS) === 'timed-out') {
        throw new Error(`no answer from PostgreSQL in ${WAIT_MS} ms: ${sql.slice(0, 200)}`);
      }
      // The flag is set after the answer is posted, but under load the
      // answer was seen missing right after the wake-up (4 test files at
      // once on 2 processors): look again for a while before giving up.
      let msg = receiveMessageOnPort(port1)?.message;
      for (let i = 0; !msg && i < 100; i++) {
        Atomics.wait(pause, 0, 0, 20); // 20 ms: nothing ever wakes it
        msg = receiveMessageOnPort(port1)?.message;
      }
      if (!msg) throw new Error('pg_sync: the worker answered nothing');
      if (msg.error !== undefined) throw new Error(msg.error);
      return msg.out;
    },
    close() { return worker.terminate(); },
  };
}
