// devices.js - a user's devices on the administration page (issue 20): the
// browsers that have signed in to the account, with their first and last
// sign-in, and a button that disables one (a lost tablet). A disabled
// device's sessions end, it cannot sign in again, and the app on it erases
// its offline copy and outbox the next time it reaches the server. The
// user's other devices are not touched.
import { api, ApiError } from './api.js';
import { t, formatDateTime } from './i18n.js';
import { h, clear } from './dom.js';
import { dataTable, statusLine } from './ui.js';

const items = (data) => data?.items || [];

// A section listing user u's devices; announce(text) reads a result aloud.
export function devicesSection(u, { announce }) {
  const headingId = `devices-h-${u.id}`;
  const status = statusLine();
  const slot = h('div');
  // a part of the user's edit section, not a landmark of its own (its table
  // is the region)
  const sec = h('div', { class: 'devices', id: 'user-devices' },
    h('h4', { id: headingId }, t('devices.heading')), h('p', { class: 'hint' }, t('devices.hint')), status, slot);

  async function disable(d, btn) {
    btn.disabled = true;
    try {
      await api.post(`/api/v1/users/${u.id}/devices/${d.id}/disable`);
      const text = t('devices.disabled_done', { name: u.display_name });
      await load();
      status.say(text);
      announce(text);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status.say(e.summary, true);
      btn.disabled = false;
    }
  }

  async function load() {
    try {
      const { data } = await api.get(`/api/v1/users/${u.id}/devices`);
      clear(slot, dataTable({
        id: 'devices', caption: t('devices.heading'), rows: items(data), empty: t('devices.none'),
        columns: [
          { label: t('devices.col.label'), cell: (d) => d.label || t('devices.unknown') },
          { label: t('devices.col.first'), cell: (d) => formatDateTime(d.created_at) },
          { label: t('devices.col.last'), cell: (d) => formatDateTime(d.last_seen_at) },
          { label: t('devices.col.status'), cell: (d) => (d.disabled
            ? t('devices.disabled_at', { when: formatDateTime(d.disabled_at) }) : t('devices.active')) },
          { label: t('devices.col.actions'), cell: (d) => (d.disabled ? ''
            : h('button', { type: 'button', class: 'small secondary', dataset: { action: 'disable-device', id: d.id },
              onclick: (ev) => disable(d, ev.currentTarget) },
            t('devices.disable'), h('span', { class: 'vh' }, ` ${d.label || t('devices.unknown')}`))) },
        ],
      }));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status.say(e.summary, true);
    }
  }

  load();
  return sec;
}
