// search.test.mjs - name search by word prefix (issue 9): the start of any
// word of a family's or member's name finds the family ("han" finds Hansen
// and Hans Peter, not Johansen), several words narrow (AND), case and
// Danish letters are folded, hyphens split words, renames and added
// members are found under the new name only, results keep to the one
// access rule, and at most 50 come back with a "more" flag. Families are
// written over the API so the word index is kept by the same store
// functions production uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, assertProblem } from './harness.mjs';

const srv = new Server();
const s = {};
const fam = {};

const child = (given, family) => ({ kind: 'child', given_name: given, family_name: family, expected_birth_date: '2027-01-15' });
const guardian = (given, family) => ({ kind: 'guardian', given_name: given, family_name: family, relation: 'mother' });

async function create(key, session, name, persons) {
  const r = await srv.req('POST', '/api/v1/families', { body: { name, persons }, session: s[session] });
  assert.equal(r.status, 201, r.text);
  fam[key] = r.json;
  return r.json;
}

async function search(q, session = 'a-coordinator') {
  const r = await srv.req('GET', `/api/v1/families?q=${encodeURIComponent(q)}`, { session: s[session] });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.more, 'boolean');
  return r.json;
}

// The ids found for q, sorted, against the expected fixture keys.
async function found(q, session) {
  return (await search(q, session)).items.map((f) => f.id).sort((a, b) => a - b);
}
const ids = (...keys) => keys.map((k) => fam[k].id).sort((a, b) => a - b);

before(async () => {
  srv.setupTenants();
  await srv.start();
  for (const u of ['a-coordinator', 'a-health_visitor', 'a-home_pedagogue', 'b-coordinator']) s[u] = await srv.login(u);
  await create('hansen', 'a-health_visitor', 'Familien Hansen', [child('Ida', 'Hansen'), guardian('Mette', 'Hansen')]);
  await create('nielsen', 'a-health_visitor', 'Familien Nielsen', [child('Ole', 'Nielsen'), guardian('Hans Peter', 'Nielsen')]);
  await create('johansen', 'a-health_visitor', 'Familien Johansen', [child('Pia', 'Krog'), guardian('Lise', 'Krog')]);
  await create('aaberg', 'a-health_visitor', 'Familien Østergård-Åberg', [child('Ærø', 'Berg'), guardian('Åse', 'Østergård-Åberg')]);
  // the same name in the other municipality
  await create('andenby', 'b-coordinator', 'Familien Hansen', [guardian('Hans', 'Hansen')]);
});
after(() => srv.stop());

test('the start of any word of a family or member name finds the family, not a substring', async () => {
  assert.deepEqual(await found('han'), ids('hansen', 'nielsen')); // Hansen, Hans Peter
  assert.deepEqual(await found('hansen'), ids('hansen'));
  assert.deepEqual(await found('pe'), ids('nielsen')); // second given name
  assert.deepEqual(await found('krog'), ids('johansen')); // members' surname
  assert.deepEqual(await found('johan'), ids('johansen')); // the family's own name
  assert.deepEqual(await found('sen'), []); // inside a word: no hit
  assert.deepEqual(await found('ansen'), []);
  assert.deepEqual(await found('xq'), []);
});

test('several words narrow the hits (every word must match a word)', async () => {
  assert.deepEqual(await found('han pe'), ids('nielsen'));
  assert.deepEqual(await found('hans peter'), ids('nielsen'));
  assert.deepEqual(await found('ida han'), ids('hansen'));
  assert.deepEqual(await found('ole hansen'), []);
  assert.deepEqual(await found('  Mette   HANSEN '), ids('hansen'));
  assert.deepEqual(await found('han han'), ids('hansen', 'nielsen')); // a repeated word is one word
});

test('case and the Danish letters are folded; hyphens split words', async () => {
  assert.deepEqual(await found('HANSEN'), ids('hansen'));
  for (const q of ['åse', 'ÅSE', 'Ås', 'øster', 'ØSTERGÅRD', 'åberg', 'Åberg', 'østergård-åb', 'ærø', 'ÆRØ', 'berg ærø']) {
    assert.deepEqual(await found(q), ids('aaberg'), q);
  }
  assert.deepEqual(await found('ae'), []); // æ is not ae
  assert.deepEqual(await found('oster'), []); // nor ø o
  // the prefix range ends at the next character: "å" (U+00E5) must not reach "æ" (U+00E6)
  assert.deepEqual(await found('å'.repeat(1) + 's'), ids('aaberg'));
  assert.deepEqual(await found('æs'), []);
});

test('wildcards in the criterion are plain characters', async () => {
  for (const q of ['%%', 'h%', 'h_n', '__', "h'n", 'han%']) assert.deepEqual(await found(q), [], q);
});

test('a renamed person is found under the new name only; so is a renamed family', async () => {
  const ole = fam.nielsen.persons.find((p) => p.given_name === 'Ole');
  let r = await srv.req('PATCH', `/api/v1/persons/${ole.id}`, { body: { given_name: 'Bo', family_name: 'Bakkegård' }, session: s['a-health_visitor'], headers: { 'If-Match': `"${ole.etag}"` } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await found('ole'), []);
  assert.deepEqual(await found('bo bakke'), ids('nielsen'));
  assert.deepEqual(await found('nielsen'), ids('nielsen')); // the family and the guardian still say Nielsen
  const g = await srv.req('GET', `/api/v1/families/${fam.johansen.id}`, { session: s['a-health_visitor'] });
  r = await srv.req('PATCH', `/api/v1/families/${fam.johansen.id}`, { body: { name: 'Familien Vestergaard' }, session: s['a-health_visitor'], headers: { 'If-Match': g.headers.get('etag') } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await found('johansen'), []);
  assert.deepEqual(await found('vester'), ids('johansen'));
  assert.deepEqual(await found('krog'), ids('johansen')); // the members are untouched
  // a failed (stale) rename changes nothing
  r = await srv.req('PATCH', `/api/v1/families/${fam.johansen.id}`, { body: { name: 'Familien Stalesen' }, session: s['a-health_visitor'], headers: { 'If-Match': g.headers.get('etag') } });
  assert.equal(r.status, 412);
  assert.deepEqual(await found('stale'), []);
});

test('a member added later is found', async () => {
  const r = await srv.req('POST', `/api/v1/families/${fam.hansen.id}/persons`, { body: guardian('Gunnhild', 'Sørensen'), session: s['a-health_visitor'] });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(await found('gunn sør'), ids('hansen'));
});

test('hits keep to the access rule: not yours or another municipality never appears', async () => {
  // the home pedagogue has no case with these families
  assert.deepEqual(await found('han', 'a-home_pedagogue'), []);
  assert.deepEqual(await found('hansen', 'a-health_visitor'), ids('hansen')); // creator
  // same name in both municipalities: each sees its own
  assert.deepEqual(await found('hansen', 'b-coordinator'), [fam.andenby.id]);
  assert.deepEqual(await found('åse', 'b-coordinator'), []);
  assert.ok(!(await found('hansen')).includes(fam.andenby.id));
});

test('a home pedagogue\'s search starts from their own families: every word must match, no other family appears', async () => {
  await create('holm', 'a-home_pedagogue', 'Familien Holm', [child('Ida', 'Holm'), guardian('Mette', 'Holm')]);
  await create('holmberg', 'a-home_pedagogue', 'Familien Holmberg', [guardian('Søren', 'Holmberg')]);
  assert.deepEqual(await found('holm', 'a-home_pedagogue'), ids('holm', 'holmberg'));
  assert.deepEqual(await found('ida holm', 'a-home_pedagogue'), ids('holm')); // both words, in one family
  assert.deepEqual(await found('sør holm', 'a-home_pedagogue'), ids('holmberg'));
  assert.deepEqual(await found('ida', 'a-home_pedagogue'), ids('holm')); // not the health visitor's Ida Hansen
  assert.deepEqual(await found('mette', 'a-home_pedagogue'), ids('holm'));
  assert.deepEqual(await found('ida hansen', 'a-home_pedagogue'), []);
  // the coordinator's wide search finds the same families among all
  assert.deepEqual(await found('ida'), ids('hansen', 'holm'));
});

test('at most 50 hits, newest first, with "more" when there are further ones', async () => {
  const made = [];
  for (let i = 1; i <= 51; i++) made.push((await create(`m${i}`, 'a-coordinator', `Familien Mangesen ${i}`, [guardian('Tove', 'Mangesen')])).id);
  const all = await search('mangesen');
  assert.equal(all.items.length, 50);
  assert.equal(all.more, true);
  assert.equal(all.limit, 50);
  assert.deepEqual(all.items.map((f) => f.id), made.slice(1).reverse()); // newest first, the oldest left out
  const one = await search('mangesen 17');
  assert.deepEqual(one.items.map((f) => f.id), [fam.m17.id]);
  assert.equal(one.more, false);
  assert.deepEqual((await search('tove mangesen 5')).items.map((f) => f.id).sort((a, b) => a - b), ids('m5', 'm50', 'm51'));
});

test('a too short or too long criterion is refused naming q', async () => {
  assertProblem(await srv.req('GET', '/api/v1/families?q=h', { session: s['a-coordinator'] }), 400, 'q');
  assertProblem(await srv.req('GET', '/api/v1/families', { session: s['a-coordinator'] }), 400, 'q');
  assertProblem(await srv.req('GET', `/api/v1/families?q=${'a'.repeat(101)}`, { session: s['a-coordinator'] }), 400, 'q');
});
