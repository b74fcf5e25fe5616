// The 1½-year visit in the browser: a health visitor finds a child on the
// due list (with the criterion that applied), offers the visit, logs a
// contact attempt, records the family's yes, borrows a toy box, fills in
// the visit form with the keyboard-friendly controls a tablet needs, and
// returns the box, which goes into quarantine on the board. axe-core on each
// page; the result checked through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, screenshot, axe, apiSession, menu, realErrors, dkDate } from './harness.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const said = (p, text) => p.locator('main p.status', { hasText: text }).waitFor();
const pad = (n) => String(n).padStart(2, '0');
const dk = dkDate; // the Danish day (harness.mjs)
async function check(p, name) {
  await screenshot(p, name);
  assert.deepEqual(await axe(p), [], `axe on ${name}`);
}

test('offer, answer and visit at 1½ years with a toy box, then the box in quarantine', async () => {
  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'sundhedsplejerske');
  await menu(p, 'Besøg 1½ og 3 år');
  const filter = p.locator('#due-filter');
  await filter.getByLabel('Til', { exact: true }).fill(dk(20));
  await filter.getByRole('button', { name: 'Vis børn' }).click();
  const row = p.locator('#due tbody tr').first();
  await row.locator('td').nth(3).waitFor();
  const criterion = (await row.locator('td').nth(3).locator('.cell-value').textContent()).trim();
  assert.ok(criterion.length > 3, 'each child shows the criterion that applied');
  await check(p, 'hv-due');
  await row.getByRole('button', { name: /^Tilbyd besøg/ }).click();
  const of = row.locator('form.offer-form');
  // Forgetting the social-measures question is caught at the question.
  await of.getByRole('button', { name: 'Gem tilbud' }).click();
  await of.locator('fieldset.form-error').waitFor();
  await of.getByLabel('Kanal').selectOption('phone');
  await of.getByRole('group', { name: /socialfaglige/ }).getByLabel('Nej').check();
  await of.getByRole('button', { name: 'Gem tilbud' }).click();
  await p.waitForURL(/#\/health-visits\/offers\/\d+$/);
  const offerId = Number(p.url().split('/').pop());

  await p.getByRole('button', { name: 'Registrér kontaktforsøg' }).click();
  const af = p.locator('#attempt-form');
  await af.getByLabel('Familien blev truffet').check();
  await af.getByRole('button', { name: 'Gem forsøg' }).click();
  await said(p, 'Kontaktforsøget er gemt.');
  await p.locator('#attempts tbody tr').first().waitFor();
  await check(p, 'hv-offer');

  // Declining needs a reason: the server says so at the field.
  const ans = p.locator('#answer-form');
  await ans.getByLabel('Familien har takket nej').check();
  await ans.getByRole('button', { name: 'Gem svar' }).click();
  await ans.locator('[aria-invalid=true], fieldset.form-error').first().waitFor();
  await ans.getByLabel('Familien siger ja tak').check();
  await ans.getByRole('button', { name: 'Gem svar' }).click();
  await said(p, 'Svaret er gemt.');

  const co = p.locator('#checkout-form');
  const boxLabel = await co.locator('select option').nth(1).textContent();
  await co.locator('select').selectOption({ index: 1 });
  await co.getByRole('button', { name: 'Lån kassen til besøget' }).click();
  await said(p, 'Legetøjskassen er lånt til besøget.');

  const v = p.locator('#hv-visit-form');
  await v.getByLabel('Minutter').fill('70');
  await v.getByLabel('Søvn').check();
  await v.getByLabel('Start i dagtilbud').check();
  await v.getByRole('group', { name: 'Materialer, der blev brugt' }).getByRole('checkbox').first().check();
  await v.getByRole('group', { name: 'Henvist videre uden for sundhedsplejen?' }).getByLabel('Ja', { exact: true }).check();
  // "Ja" without saying to what: the server names the field.
  await v.getByRole('button', { name: 'Gem besøg' }).click();
  await v.locator('[data-field=referral_outside_to][aria-invalid=true]').waitFor();
  await check(p, 'hv-visit-form-error');
  await v.getByLabel('Til hvad (uden for sundhedsplejen)').fill('Familieafdelingens rådgivning');
  await v.getByRole('group', { name: /god forælder/ }).getByLabel('I høj grad').check();
  await v.getByRole('button', { name: 'Gem besøg' }).dblclick();
  await said(p, 'Besøget er gemt.');
  await check(p, 'hv-visited');

  const api = await apiSession(srv, 'sundhedsplejerske');
  const { body: offer } = await api.get(`/api/v1/health-visits/offers/${offerId}`);
  assert.equal(offer.status, 'visited');
  assert.equal(offer.visit.minutes, 70);
  assert.deepEqual([...offer.visit.topics].sort(), ['daycare_start', 'sleep']);
  assert.equal(offer.visit.materials.length, 1);
  assert.equal(offer.visit.referral_outside, true);
  assert.equal(offer.visit.referral_outside_to, 'Familieafdelingens rådgivning');
  assert.equal(offer.visit.parent_rating, 1);
  assert.equal(offer.social_measures, false);
  assert.equal(offer.attempts.length, 1);

  // The board: return the box; it is in quarantine with the time it is free.
  await menu(p, 'Legetøjskasser');
  const out = p.locator('#boxes-checked_out tbody tr', { hasText: boxLabel.trim() });
  await out.getByRole('button', { name: /^Registrér returnering/ }).click();
  await said(p, 'er returneret og i karantæne.');
  const q = p.locator('#boxes-quarantine tbody tr', { hasText: boxLabel.trim() });
  assert.match(await q.textContent(), /Fri igen \d{2}-\d{2}-\d{4} kl\. \d{2}:\d{2}/);
  await check(p, 'toyboxes');
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

// Issue 21 (8): the board lends a box to an open visit of its age (no need
// to open the visit), shows which family holds it, and a returned box in
// quarantine is not offered on the visit's lend list.
test('the board lends a ready box to an open visit and names the family; a box in quarantine is not offered', async () => {
  const api = await apiSession(srv, 'sundhedsplejerske');
  const list = (b) => (Array.isArray(b) ? b : b.items);
  const group = { visit_1_5y: '1_5y', visit_3y: '3y' };
  const offers = list((await api.get('/api/v1/health-visits/offers')).body);
  let boxes = list((await api.get('/api/v1/toyboxes')).body);
  const me = (await api.get('/api/v1/me')).body;
  const myId = me.user?.id ?? me.id;
  const mineAccepted = (o) => o.status === 'accepted' && o.health_visitor?.id === myId;
  let holding = new Set(boxes.filter((b) => b.state === 'checked_out').map((b) => b.checked_out.offer_id));
  // the demo's accepted visits of hers may all have a box out: one comes back
  if (!offers.some((o) => mineAccepted(o) && !holding.has(o.id))) {
    const lent = boxes.find((b) => b.state === 'checked_out' && offers.some((o) => o.id === b.checked_out.offer_id && mineAccepted(o)));
    assert.ok(lent, 'the demo has an accepted visit of hers');
    assert.equal((await api.post(`/api/v1/toyboxes/${lent.id}/return`, {})).status, 200);
    boxes = list((await api.get('/api/v1/toyboxes')).body);
    holding = new Set(boxes.filter((b) => b.state === 'checked_out').map((b) => b.checked_out.offer_id));
  }
  // her own visit (the visit page offers boxes to the visit's health visitor)
  const offer = offers.find((o) => mineAccepted(o) && !holding.has(o.id));
  const unanswered = offers.find((o) => o.status === 'offered' && group[o.programme] === group[offer.programme]);
  const busy = offers.find((o) => o.status === 'accepted' && holding.has(o.id) && group[o.programme] === group[offer.programme]);
  // a new box, ready to lend
  const made = await api.post('/api/v1/toyboxes', { label: `Tavlekasse ${Date.now() % 100000}`, age_group: group[offer.programme] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const box = made.body;

  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'sundhedsplejerske');
  await menu(p, 'Legetøjskasser');
  const row = p.locator('#boxes-available tbody tr', { hasText: box.label });
  await row.getByRole('button', { name: `Lån ud ${box.label}` }).click();
  const lend = row.locator('form.lend-form');
  // nothing chosen: said at the field, nothing lent
  await lend.getByRole('button', { name: 'Lån kassen ud' }).click();
  await lend.locator('[aria-invalid=true]').first().waitFor();
  const choices = await lend.getByLabel('Til besøget hos').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(choices.includes(String(offer.id)), 'the accepted visit is offered');
  if (unanswered) assert.ok(!choices.includes(String(unanswered.id)), 'a visit without a yes is not offered');
  if (busy) assert.ok(!choices.includes(String(busy.id)), 'a visit that has a box already is not offered');
  await lend.getByLabel('Til besøget hos').selectOption(String(offer.id));
  await lend.getByRole('button', { name: 'Lån kassen ud' }).click();
  await said(p, `${box.label} er lånt ud til ${offer.family_name}.`);
  const out = p.locator('#boxes-checked_out tbody tr', { hasText: box.label });
  assert.equal((await out.getByRole('link', { name: offer.family_name }).getAttribute('href')), `#/health-visits/offers/${offer.id}`);
  await check(p, 'toyboxes-lent');
  const { body: after } = await api.get(`/api/v1/toyboxes/${box.id}`);
  assert.equal(after.state, 'checked_out');
  assert.equal(after.checked_out.offer_id, offer.id);

  // returned: in quarantine, and the visit's lend list does not offer it
  await out.getByRole('button', { name: `Registrér returnering ${box.label}` }).click();
  await said(p, `${box.label} er returneret og i karantæne.`);
  await p.goto(`/#/health-visits/offers/${offer.id}`);
  const co = p.locator('#checkout-form');
  await co.waitFor({ timeout: 15000 }).catch(async () => { throw new Error(`no lend list on the visit page: ${p.url()} ${(await p.locator('main').textContent()).slice(0, 600)}`); });
  const options = await co.locator('select option').allTextContents();
  assert.ok(!options.some((o) => o.includes(box.label)), `a box in quarantine is not offered: ${options.join(' | ')}`);
  assert.match(await co.textContent(), new RegExp(`${box.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} – i karantæne til \\d{2}-\\d{2}-\\d{4}`));
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('a health visitor says which materials she knows and uses', async () => {
  const p = await newPage(browser, srv, { bypassCSP: true });
  await login(p, 'sundhedsplejerske');
  await menu(p, 'Mine materialer');
  const f = p.locator('#materials-form');
  await f.locator('#materials-3y').waitFor();
  const uses = f.locator('#materials-3y input[name=uses]').first();
  const code = await uses.getAttribute('value');
  await uses.check();
  await f.locator('#materials-3y input[name=knows]').first().uncheck();
  await f.getByRole('button', { name: 'Gem' }).click();
  await said(p, 'Dine svar er gemt.');
  await check(p, 'materials');
  const api = await apiSession(srv, 'sundhedsplejerske');
  const me = (await api.get('/api/v1/me')).body;
  const { body } = await api.get(`/api/v1/health-visitors/${me.id}/materials`);
  const m = body.items.find((x) => x.code === code);
  assert.deepEqual([m.knows, m.uses], [true, true], 'using a material means knowing it');
  assert.deepEqual(realErrors(p), []);
  await p.context().close();
});

test('the visit pages are for health visitors; coordinators read, daycare does not see them', async () => {
  for (const [user, has] of [['koordinator', true], ['dagtilbud', false], ['hjemmepaedagog', false]]) {
    const p = await newPage(browser, srv);
    await login(p, user);
    const nav = p.getByRole('navigation', { name: 'Hovedmenu' });
    await nav.getByRole('link', { name: 'Forside' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Besøg 1½ og 3 år' }).count(), has ? 1 : 0, user);
    await p.goto('/#/toyboxes');
    if (has) {
      await p.locator('#boxes-available').waitFor();
      assert.equal(await p.getByRole('button', { name: /^Registrér returnering/ }).count(), 0, 'coordinators only read');
    } else {
      await p.getByRole('heading', { name: 'Siden findes ikke' }).waitFor();
    }
    await p.context().close();
  }
});
