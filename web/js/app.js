// app.js - the shell: sign-in, navigation by role, the views, sign-out and
// the re-login dialog when a session ends while a page is open.
import { initI18n, t, currentLang, setLang, sortDa } from './i18n.js';
import { api, ApiError, setCsrf, onUnauthorized, onPurposeNeeded } from './api.js';
import { h, clear, add, $ } from './dom.js';
import { field, formErrors, showErrors, clearErrors } from './forms.js';
import { radioGroup, radioValue } from './ui.js';
import { adminView } from './admin.js';
import { importsView } from './imports.js';
import { ssoLogin } from './sso.js';
import { familiesView, familyView } from './families.js';
import { referralNewView, referralView, visitationView } from './referrals.js';
import { caseloadView, coursesView } from './caseload.js';
import { courseView } from './course.js';
import { healthVisitsView, offerView, toyboxesView, materialsView } from './health_visits.js';
import { cospView, cospGroupView, cospOfferView } from './cosp.js';
import { reportsView } from './reports.js';
import { daycareHomeView, consultVisitsView } from './daycare.js';
import { familyGroupsView, familyGroupView } from './family_groups.js';
import { sparringView, sparringOverviewView } from './sparring.js';
import { startFds, enhance } from './fds.js';
import { loadDateRanges } from './dates.js';
import { loadVocabulary } from './vocab.js';
import { initOffline, signedIn as offlineSignedIn, signedOut as offlineSignedOut, beforeSignOut, signedOutAnswer, outboxView, syncNow } from './offline.js';

const state = { me: null };
const main = () => $('#main');

// ---- views, by hash route; `nav` puts it in the menu; ":id" in a path is a
// parameter. Who sees the link and the page is the server's answer: the
// signed-in user's `views` (GET /api/v1/session, from the route table), so
// the UI keeps no copy of the role lists. A view not in that list (other
// than the home page) is not shown. ----
const VIEWS = [
  { path: '/', nav: 'nav.home', title: 'home.title', render: homeView },
  { path: '/caseload', nav: 'nav.caseload', title: 'caseload.title', render: caseloadView },
  { path: '/visitation', nav: 'nav.visitation', title: 'visitation.title', render: visitationView },
  { path: '/courses', nav: 'nav.courses', title: 'courses.title', render: coursesView },
  { path: '/families', nav: 'nav.families', title: 'families.title', render: familiesView },
  { path: '/families/:id', title: 'family.title', render: familyView, parent: '/families' },
  { path: '/referrals/new/:id', title: 'referral.new', render: referralNewView, parent: '/families' },
  { path: '/referrals/:id', title: 'referral.title_plain', render: referralView, parent: '/visitation' },
  { path: '/courses/:id', title: 'course.title_plain', render: courseView, parent: '/caseload' },
  { path: '/health-visits', nav: 'nav.health_visits', title: 'hv.title', render: healthVisitsView },
  { path: '/health-visits/offers/:id', title: 'hv.offer_title_plain', render: offerView, parent: '/health-visits' },
  { path: '/toyboxes', nav: 'nav.toyboxes', title: 'box.title', render: toyboxesView },
  { path: '/materials', nav: 'nav.materials', title: 'mat.title', render: materialsView },
  { path: '/cosp', nav: 'nav.cosp', title: 'cosp.title', render: cospView },
  { path: '/cosp/groups/:id', title: 'cosp.course', render: cospGroupView, parent: '/cosp' },
  { path: '/cosp/offers/:id', title: 'cosp.offer_title_plain', render: cospOfferView, parent: '/cosp' },
  { path: '/daycare', nav: 'nav.daycare', title: 'dc.title', render: daycareHomeView },
  { path: '/consultant-visits', nav: 'nav.consult', title: 'cv.title', render: consultVisitsView },
  { path: '/family-groups', nav: 'nav.family_groups', title: 'fg.title', render: familyGroupsView },
  { path: '/family-groups/:id', title: 'fg.title_plain', render: familyGroupView, parent: '/family-groups' },
  { path: '/sparring', nav: 'nav.sparring', title: 'sparring.title', render: sparringView },
  { path: '/sparring/overview', nav: 'nav.sparring_overview', title: 'sparring.overview_title', render: sparringOverviewView },
  { path: '/reports', nav: 'nav.reports', title: 'report.title', render: reportsView },
  { path: '/admin', nav: 'nav.admin', title: 'admin.title', render: adminView },
  { path: '/outbox', title: 'outbox.title', render: outboxView },
  // reached from the home page's cards (homeOnly: not in the menu bar)
  { path: '/imports', nav: 'nav.imports', homeOnly: true, title: 'imp.title', render: importsView },
];

function matchView(path) {
  const parts = path.split('/');
  for (const v of VIEWS) {
    const want = v.path.split('/');
    if (want.length !== parts.length) continue;
    const params = {};
    if (want.every((w, i) => (w.startsWith(':') ? /^\d+$/.test(parts[i]) && (params[w.slice(1)] = parts[i]) : w === parts[i]))) {
      return { view: v, params };
    }
  }
  return { view: null, params: {} };
}

function allowed(view) {
  return view.path === '/' || (state.me?.views || []).includes(view.path);
}

function currentPath() {
  const p = location.hash.replace(/^#/, '') || '/';
  return p.startsWith('/') ? p : '/';
}

function announce(text) {
  const live = $('#live');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

function pageHeading(text) {
  document.title = `${text} – ${t('app.name')}`;
  return h('h1', { tabindex: '-1', id: 'page-title' }, text);
}

// Each drawing of a page goes into a box of its own in <main> (laid out as
// if its children were main's, .page in rede.css): when a second drawing
// starts before the first has its data (sign-in, a hash change, the
// network coming back), the first one's late rows land in its own box, no
// longer in the page, instead of beside the new page's (the caseload was
// shown twice so), and it leaves the focus and aria-busy to the newer one.
let routeGen = 0;
async function route({ focus = true } = {}) {
  if (!state.me) return;
  const gen = ++routeGen;
  const path = currentPath();
  const { view, params } = matchView(path);
  renderNav(view?.nav ? path : view?.parent || path);
  const m = h('div', { class: 'page' });
  clear(main(), m);
  main().setAttribute('aria-busy', 'true');
  if (!view || !allowed(view)) {
    clear(m, pageHeading(t('notfound.title')), h('p', {}, t('notfound.text')),
      h('p', {}, h('a', { href: '#/' }, t('notfound.home'))));
  } else {
    clear(m, pageHeading(t(view.title)),
      h('p', { class: 'loading' }, t('loading')));
    try {
      await view.render(m, { me: state.me, params, heading: pageHeading, announce });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      m.append(h('p', { class: 'error', role: 'alert' }, e.status === 404 ? t('notfound.text') : e.summary));
    }
    if (gen !== routeGen) return;
    m.querySelector('.loading')?.remove();
  }
  enhance(m);
  main().removeAttribute('aria-busy');
  if (focus) $('#page-title')?.focus();
}

// DKFDS's navigation menu: one row from 992 px; narrower, a Menu button
// opens it as a list (closed again when a page is chosen - not when the same
// page is drawn again, e.g. right after sign-in, which would snap the menu
// shut under the user's finger).
let navPath = null;
function renderNav(path) {
  const nav = $('#nav');
  nav.setAttribute('aria-label', t('nav.label'));
  clear(nav, h('ul', { class: 'mainmenu' }, VIEWS.filter((v) => v.nav && !v.homeOnly && allowed(v)).map((v) =>
    h('li', { class: v.path === path ? 'active current' : null },
      h('a', { class: 'nav-link', href: `#${v.path}`, 'aria-current': v.path === path ? 'page' : null },
        h('span', {}, t(v.nav)))))));
  if (path !== navPath) setMenuOpen(false);
  navPath = path;
  $('#nav-bar').hidden = false;
}

function setMenuOpen(open) {
  const btn = $('#menu-toggle');
  btn.setAttribute('aria-expanded', String(open));
  $('#nav').classList.toggle('collapsed', !open);
}

function homeView(m, { me }) {
  const roles = me.roles.map((r) => t(`role.${r}`)).join(', ');
  const units = sortDa((me.units || []).map((u) => u.name)).join(', ') || t('home.none');
  const links = VIEWS.filter((v) => v.nav && v.path !== '/' && allowed(v));
  add(m,
    h('p', { class: 'lead' }, t('home.welcome', { name: me.display_name })),
    h('p', {}, t('home.roles', { roles })),
    h('p', {}, t('home.units', { units })),
    links.length ? h('ul', { class: 'cards-nav' }, links.map((v) => h('li', {},
      h('a', { href: `#${v.path}` }, h('strong', {}, t(v.nav)), h('span', {}, t(`${v.nav}_hint`))))))
      : h('p', { class: 'note' }, t('home.nothing')),
    (me.views || []).includes('/outbox') ? h('p', {}, h('a', { href: '#/outbox', id: 'outbox-link' }, t('outbox.home_link'))) : null);
}

// ---- signed in / out ----
// online=false: the session is the device's copy (no network at start).
async function signedIn(me, csrf, { online = true } = {}) {
  state.me = me;
  setCsrf(csrf ?? me.csrf_token);
  $('#who').textContent = t('user.signed_in_as', { name: me.display_name });
  if (await offlineSignedIn(me, { online, csrf }) === 'expired') {
    signedOut(t('offline.expired'));
    return;
  }
  // the closed lists the forms offer, before the first page renders
  // (offline: the device's copy, offline.js)
  await loadVocabulary();
  // Log ud appears with the first page, not before: a page asked for while
  // the device's copy and the vocabulary load would be drawn again by the
  // route() below, under the user's typing
  $('#logout').hidden = false;
  route();
}

function signedOut(message) {
  state.me = null;
  navPath = null;
  setCsrf(null);
  $('#nav-bar').hidden = true;
  clear($('#nav'));
  $('#who').textContent = '';
  $('#logout').hidden = true;
  loginView(message);
}

async function postLogin(username, password) {
  return api.post('/api/v1/session', { username, password }, { noReauth: true });
}

function loginErrors(form, e) {
  if (e.status === 429) {
    showErrors(form, { title: t('login.throttled', { seconds: e.retryAfter || 1 }) });
  } else {
    showErrors(form, e);
  }
}

function loginForm(idPrefix, onDone, extra = {}) {
  const form = h('form', { class: 'login-form', novalidate: true, id: idPrefix },
    formErrors(),
    field({ field: 'username', label: t('login.username'), hint: t('login.username_hint'),
      autocomplete: 'username', required: true,
      value: extra.username || '', autocapitalize: 'none', spellcheck: 'false' }),
    field({ field: 'password', label: t('login.password'), type: 'password',
      autocomplete: 'current-password', required: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
      extra.cancel || null));
  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    const missing = [];
    if (!username) missing.push({ field: 'username', message: t('form.required') });
    if (!password) missing.push({ field: 'password', message: t('form.required') });
    if (missing.length) { showErrors(form, { title: t('form.errors_intro'), errors: missing }); return; }
    busy = true;
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const { data } = await postLogin(username, password);
      clearErrors(form);
      form.elements.password.value = '';
      await onDone(data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      form.elements.password.value = '';
      loginErrors(form, e);
    } finally {
      busy = false;
      btn.disabled = false;
    }
  });
  return form;
}

function loginView(message) {
  document.title = `${t('login.title')} – ${t('app.name')}`;
  const m = main();
  const sso = h('div', { class: 'sso-slot' });
  const local = loginForm('login', async (data) => {
    // /session adds what the offline layer needs (offline.max_days)
    const me = await api.get('/api/v1/session', { noReauth: true }).then((r) => r.data, () => null);
    return signedIn(me?.signed_in ? me : data.user, data.csrf_token);
  });
  clear(m,
    h('div', { class: 'login' },
      h('h1', { id: 'page-title', tabindex: '-1' }, t('login.heading')),
      message ? h('p', { class: 'note', role: 'status' }, message) : null,
      sso, local));
  m.removeAttribute('aria-busy');
  m.querySelector('input[name=username]')?.focus();
  // the municipality's own login, when it has one (sso.js)
  ssoLogin(sso, local).then(() => { if (sso.firstChild) sso.querySelector('a, select')?.focus(); });
}

// ---- re-login without leaving the page ----
let reauthPromise = null;

function reauth() {
  if (!state.me) return Promise.reject(new Error('signed out'));
  reauthPromise ??= new Promise((resolve, reject) => {
    const before = state.me;
    const returnFocus = document.activeElement;
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('reauth.cancel'));
    const dlg = h('dialog', { id: 'reauth', 'aria-labelledby': 'reauth-title', 'aria-describedby': 'reauth-text' },
      h('h2', { id: 'reauth-title' }, t('reauth.title')),
      h('p', { id: 'reauth-text' }, t('reauth.text')));
    const finish = (ok, data) => {
      dlg.close();
      dlg.remove();
      reauthPromise = null;
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
      if (ok) resolve(data); else reject(new Error('cancelled'));
    };
    dlg.append(loginForm('reauth-form', async (data) => {
      if (data.user.id !== before.id) {
        // Someone else at this screen: nothing of the previous user's page
        // may stay, and their unsaved input is not the new user's to save.
        finish(false);
        announce(t('reauth.other_user'));
        location.hash = '#/';
        location.reload();
        return;
      }
      state.me = data.user;
      setCsrf(data.csrf_token);
      finish(true, data);
      syncNow({ auto: true });
    }, { username: before.sign_in || before.username, cancel }));
    cancel.addEventListener('click', () => finish(false));
    dlg.addEventListener('cancel', (ev) => { ev.preventDefault(); finish(false); });
    document.body.append(dlg);
    dlg.showModal();
    dlg.querySelector('input[name=password]').focus();
  });
  return reauthPromise;
}

// ---- the purpose of a look-up (issue 18) ----
// Where a read implies no purpose (showing a full CPR number, a family
// outside one's caseload) the server asks for one; the user picks it from
// the short list, and it goes on the audit log with the look-up.
let purposePromise = null;

function askPurpose() {
  purposePromise ??= (async () => {
    const { data } = await api.get('/api/v1/purposes');
    return new Promise((resolve, reject) => {
      const returnFocus = document.activeElement;
      const choices = radioGroup({ field: 'purpose', legend: t('purpose.legend'), inline: false,
        options: data.items.map((p) => [p.code, t(`purpose.${p.code}`)]) });
      const err = h('p', { class: 'field-error', role: 'alert', hidden: true }, t('purpose.choose'));
      const ok = h('button', { type: 'submit' }, t('purpose.continue'));
      const cancel = h('button', { type: 'button', class: 'secondary' }, t('purpose.cancel'));
      const form = h('form', { id: 'purpose-form', novalidate: true }, choices, err, h('div', { class: 'actions' }, ok, cancel));
      const dlg = h('dialog', { id: 'purpose', 'aria-labelledby': 'purpose-title', 'aria-describedby': 'purpose-text' },
        h('h2', { id: 'purpose-title' }, t('purpose.title')),
        h('p', { id: 'purpose-text' }, t('purpose.text')), form);
      const finish = (code) => {
        dlg.close();
        dlg.remove();
        purposePromise = null;
        if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
        if (code) resolve(code); else reject(new Error('cancelled'));
      };
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const code = radioValue(choices);
        if (!code) { err.hidden = false; choices.querySelector('input')?.focus(); return; }
        finish(code);
      });
      cancel.addEventListener('click', () => finish(null));
      dlg.addEventListener('cancel', (ev) => { ev.preventDefault(); finish(null); });
      document.body.append(dlg);
      dlg.showModal();
      choices.querySelector('input')?.focus();
    });
  })();
  return purposePromise;
}

// ---- start ----
async function logout() {
  if (!(await beforeSignOut())) return;
  await offlineSignedOut();
  let idp = null;
  try {
    const { data } = await api.del('/api/v1/session', { noReauth: true });
    idp = data?.logout_url || null;
  } catch { /* already ended, or offline */ }
  // a session from the municipality's login ends there too
  if (idp) { location.assign(idp); return; }
  signedOut(t('login.logged_out'));
  history.replaceState(null, '', '#/');
}

function chrome() {
  $('#skip').textContent = t('skip');
  $('#logout').textContent = t('logout');
  $('#menu-toggle').textContent = t('nav.menu');
  const lang = $('#lang');
  lang.textContent = t('lang.switch');
  // The visible name is the accessible name (WCAG 2.5.3); the title says
  // what it does, and lang lets a screen reader pronounce it right.
  lang.title = t('lang.switch_label');
  lang.setAttribute('lang', currentLang() === 'da' ? 'en' : 'da');
}

async function start() {
  await Promise.all([initI18n(), loadDateRanges()]);
  chrome();
  startFds();
  $('#menu-toggle').addEventListener('click', () =>
    setMenuOpen($('#menu-toggle').getAttribute('aria-expanded') !== 'true'));
  onUnauthorized(reauth);
  onPurposeNeeded(askPurpose);
  initOffline({ disabled: (text) => { signedOut(text); history.replaceState(null, '', '#/'); } });
  $('#logout').addEventListener('click', logout);
  $('#lang').addEventListener('click', () => {
    setLang(currentLang() === 'da' ? 'en' : 'da');
    location.reload();
  });
  $('#skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    main().focus();
  });
  window.addEventListener('hashchange', () => route());
  // Asked without a 401 (GET /session answers 200 either way), so a
  // signed-out browser shows no failed request in its console.
  try {
    const r = await api.get('/api/v1/session', { noReauth: true });
    const { data } = r;
    if (data?.signed_in) await signedIn(data, data.csrf_token, { online: !r.offline });
    else {
      signedOut(await signedOutAnswer(data));
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    signedOut(e.summary);
  }
}

start();
