// connections.test.mjs - slow and greedy clients cannot take the server
// (issue 14, item 6). A bounded number of slow connections against lowered
// caps: the per-address cap, the header deadline, the body rate and the
// body deadline, and the reserve that keeps /healthz and a signed-in user
// answered while the connections are taken.
//
// Slow clients connect from other loopback addresses (127.0.0.2 ...; Linux
// routes all of 127/8 to lo), so the caps hit them and not the probes,
// which come from 127.0.0.1 on fresh connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { Server } from './harness.mjs';

const HEADER_S = 3;
const BUSY_S = 1;
const REQUEST_S = 6;
const IDLE_S = 6;
const PER_ADDRESS = 6;
const MAX = 40;
const RESERVE = 12;

const srv = new Server();
let session;
before(async () => {
  srv.setupTenants();
  await srv.start(['--max-connections', String(MAX), '--reserve-connections', String(RESERVE),
    '--max-connections-per-address', String(PER_ADDRESS), '--header-timeout', String(HEADER_S),
    '--busy-header-timeout', String(BUSY_S), '--request-timeout', String(REQUEST_S),
    '--min-body-rate', '1000', '--idle-timeout', String(IDLE_S)]);
  session = await srv.login('a-leader');
  assert.equal(session.status, 201);
});
after(() => srv.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Wait until cond() holds; fail after ms.
async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
// A promise that fails after ms unless p settles first.
const within = (p, ms, what) => Promise.race([p, sleep(ms).then(() => assert.fail(`timed out: ${what}`))]);

// A client that sends `text` one byte every `every` ms from `from`. close
// resolves with how long the connection lived (ms) and what came back.
function trickle(from, text, every = 300) {
  const t0 = Date.now();
  const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: from });
  let n = 0;
  let got = '';
  let timer = null;
  const closed = new Promise((resolve) => {
    s.on('close', () => { clearInterval(timer); resolve({ ms: Date.now() - t0, got }); });
  });
  s.on('data', (d) => { got += d.toString(); });
  s.on('error', () => {});
  s.on('connect', () => {
    timer = setInterval(() => { if (n < text.length) s.write(text[n++]); }, every);
  });
  return { closed, destroy: () => { clearInterval(timer); s.destroy(); } };
}

// One request on a fresh connection from 127.0.0.1; resolves with status and ms.
function probe(path, cookie) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const r = http.request({ host: '127.0.0.1', port: srv.port, path, agent: false,
      headers: cookie ? { Cookie: cookie } : {}, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - t0 }));
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (e) => resolve({ status: 0, ms: Date.now() - t0, error: e.message }));
    r.end();
  });
}

const SLOW_HEADERS = 'GET /healthz HTTP/1.1\r\nHost: rede\r\nX-Slow: ' + 'x'.repeat(200) + '\r\n\r\n';

test('one address gets its cap of connections; the probes are answered meanwhile; the slow ones are cut at the header deadline', async () => {
  const slow = [];
  for (let i = 0; i < 20; i++) slow.push(trickle('127.0.0.2', SLOW_HEADERS));
  await sleep(1000);
  // the ones over the cap are closed at once
  const early = await Promise.all(slow.map((c) => Promise.race([c.closed, sleep(10).then(() => null)])));
  const refused = early.filter((r) => r && r.ms < 1000).length;
  assert.ok(refused >= 20 - PER_ADDRESS, `only ${refused} of 20 refused over a cap of ${PER_ADDRESS}`);
  assert.ok(early.filter((r) => r === null).length >= 1, 'none of the slow connections was let in');
  // the server answers others at once
  const h = await probe('/healthz');
  assert.equal(h.status, 200, JSON.stringify(h));
  assert.ok(h.ms < 2000, `healthz took ${h.ms} ms`);
  const me = await probe('/api/v1/me', session.cookie);
  assert.equal(me.status, 200, JSON.stringify(me));
  assert.ok(me.ms < 2000, `/me took ${me.ms} ms`);
  // a byte every 300 ms kept the idle timeout away, not the header deadline
  const all = await within(Promise.all(slow.map((c) => c.closed)), (HEADER_S + 10) * 1000, 'the slow clients to be cut');
  const admitted = all.filter((r) => r.ms >= 1000);
  assert.ok(admitted.length >= 1);
  for (const r of admitted) {
    assert.ok(r.ms >= (HEADER_S - 0.5) * 1000 && r.ms < (HEADER_S + 3) * 1000,
      `a slow client lived ${r.ms} ms with a ${HEADER_S} s header deadline`);
    assert.equal(r.got, '', 'a cut client got an answer');
  }
});

test('a body slower than the minimum rate is cut; a slow body cannot outlive its deadline', async () => {
  const head = 'POST /api/v1/session HTTP/1.1\r\nHost: rede\r\nContent-Type: application/json\r\n' +
    'Content-Length: 5000\r\n\r\n';
  // headers at once, then one body byte every 300 ms: far below 1000 B/s
  const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.3' });
  const t0 = Date.now();
  let timer;
  const closed = new Promise((resolve) => s.on('close', () => { clearInterval(timer); resolve(Date.now() - t0); }));
  s.on('error', () => {});
  s.on('connect', () => {
    s.write(head);
    timer = setInterval(() => s.write('{'), 300);
  });
  const ms = await within(closed, (HEADER_S + 10) * 1000, 'the slow body to be cut');
  s.destroy();
  assert.ok(ms >= (HEADER_S - 0.5) * 1000 && ms < (HEADER_S + 3) * 1000, `slow body lived ${ms} ms`);

  // fast enough for the rate (2 kB/s), too slow for the body deadline
  const s2 = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.4' });
  const t1 = Date.now();
  let timer2;
  const closed2 = new Promise((resolve) => s2.on('close', () => { clearInterval(timer2); resolve(Date.now() - t1); }));
  s2.on('error', () => {});
  s2.on('connect', () => {
    s2.write(head.replace('5000', '100000'));
    timer2 = setInterval(() => s2.write(' '.repeat(400)), 200);
  });
  const ms2 = await within(closed2, (REQUEST_S + 10) * 1000, 'the slow request to be cut');
  s2.destroy();
  assert.ok(ms2 >= (REQUEST_S - 0.5) * 1000 && ms2 < (REQUEST_S + 3) * 1000, `slow request lived ${ms2} ms`);
});

test('a kept-alive connection may idle between requests, but not trickle its next request for ever', async () => {
  const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.5' });
  s.on('error', () => {});
  let got = '';
  s.on('data', (d) => { got += d.toString(); });
  const closedAt = new Promise((resolve) => s.on('close', () => resolve(Date.now())));
  let timer;
  try {
    await within(new Promise((resolve) => s.on('connect', resolve)), 5000, 'connect');
    const ask = 'GET /healthz HTTP/1.1\r\nHost: rede\r\n\r\n';
    s.write(ask);
    await until(() => got.includes('"ok"'), 5000, 'the first answer');
    // idle past the header deadline (a browser between two clicks), then ask again
    await sleep((HEADER_S + 1) * 1000);
    got = '';
    s.write(ask);
    await until(() => got.includes('"ok"'), 5000, 'the answer after idling');
    // now trickle the next request: cut once it has waited the idle timeout
    const t0 = Date.now();
    let n = 0;
    timer = setInterval(() => { if (n < SLOW_HEADERS.length) s.write(SLOW_HEADERS[n++]); }, 300);
    const ms = (await within(closedAt, (IDLE_S + 10) * 1000, 'the cut')) - t0;
    assert.ok(ms >= (IDLE_S - 0.5) * 1000 && ms < (IDLE_S + 3) * 1000, `the trickled second request lived ${ms} ms`);
  } finally {
    clearInterval(timer);
    s.destroy();
  }
});

test('with the connections taken by slow clients from many addresses, /healthz and a signed-in user are still answered', async () => {
  // 8 addresses x the per-address cap = more than the server's connections;
  // each slow client reconnects as soon as it is cut.
  let running = true;
  const lives = [];
  const agents = [];
  const current = new Set();
  for (let a = 1; a <= 8; a++) {
    for (let i = 0; i < PER_ADDRESS; i++) {
      agents.push((async () => {
        while (running) {
          const c = trickle(`127.0.1.${a}`, SLOW_HEADERS, 200);
          current.add(c);
          const r = await c.closed;
          current.delete(c);
          if (running) lives.push(r.ms);
          if (running) await sleep(20);
        }
      })());
    }
  }
  await sleep(1500);
  const answers = [];
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    answers.push(await probe('/healthz'));
    answers.push(await probe('/api/v1/me', session.cookie));
    await sleep(200);
  }
  running = false;
  for (const c of current) c.destroy(); // some may wait in the listen queue
  await within(Promise.all(agents), 10000, 'the slow clients to stop');
  for (const r of answers) {
    assert.equal(r.status, 200, JSON.stringify(r));
    assert.ok(r.ms < 2000, `a probe took ${r.ms} ms while the connections were taken`);
  }
  // the reserve was in use: slow clients were cut after the busy deadline,
  // well before the normal header deadline
  const admitted = lives.filter((ms) => ms >= BUSY_S * 1000 - 200);
  assert.ok(admitted.length > 0);
  const early = admitted.filter((ms) => ms < (HEADER_S - 0.5) * 1000).length;
  assert.ok(early > admitted.length / 2, `${early} of ${admitted.length} cut before the header deadline`);
});
