// imports.js - the import page (coordinator, admin; issue 19): choose what
// to import, download its template, choose an XLSX or CSV file,
// "Kontrollér" (a dry run: every problem with sheet, row, column and a
// message, and what would be created - nothing is changed) and "Importér"
// (all or nothing, offered once a check of the same file found no problem).
// The file itself is the body of POST /api/v1/imports; the server runs each
// row through the same rules as the rest of the API.
import { api, ApiError } from './api.js';
import { t } from './i18n.js';
import { h, clear, add, uid } from './dom.js';
import { selectField, formErrors, showErrors, clearErrors } from './forms.js';
import { dataTable, statusLine } from './ui.js';

const ENTITY_KEYS = {
  family: 'imp.entity.family', person: 'imp.entity.person', contact: 'imp.entity.contact', consent: 'imp.entity.consent',
  referral: 'imp.entity.referral', referral_decide: 'imp.entity.referral_decide', enrolment: 'imp.entity.enrolment',
  goal: 'imp.entity.goal', goal_rate: 'imp.entity.goal_rate',
  hv_criterion: 'imp.entity.hv_criterion', hv_offer: 'imp.entity.hv_offer', hv_offer_attempt: 'imp.entity.hv_offer_attempt',
  hv_offer_answer: 'imp.entity.hv_offer_answer', hv_visit: 'imp.entity.hv_visit', cosp_offer: 'imp.entity.cosp_offer',
  cosp_offer_answer: 'imp.entity.cosp_offer_answer', cosp_plan_update: 'imp.entity.cosp_plan_update',
  cosp_offer_dropout: 'imp.entity.cosp_offer_dropout', cosp_offer_rate: 'imp.entity.cosp_offer_rate', user: 'imp.entity.user',
};

export async function importsView(root, { announce }) {
  const { data } = await api.get('/api/v1/imports/kinds');
  const kinds = data.items;
  const status = statusLine();
  const result = h('div', { id: 'import-result' });
  const fileId = uid('f-file');
  const fileInput = h('input', { type: 'file', id: fileId, name: 'file', class: 'form-input', dataset: { field: 'file' },
    accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'aria-describedby': `${fileId}-hint`, required: true });
  const kindSel = selectField({ field: 'kind', label: t('imp.kind'), required: true,
    options: kinds.map((k) => [k.kind, t(`imp.kind.${k.kind}`)]) });
  const template = h('a', { class: 'button button-secondary', id: 'import-template' }, t('imp.template'));
  const check = h('button', { type: 'submit', class: 'button button-primary', id: 'import-check' }, t('imp.check'));
  const run = h('button', { type: 'button', class: 'button button-secondary', id: 'import-run', disabled: true }, t('imp.run'));
  const errors = formErrors();
  const form = h('form', { novalidate: true, id: 'import-form' },
    errors, kindSel,
    h('p', {}, template),
    h('div', { class: 'form-group' },
      h('label', { class: 'form-label', for: fileId }, t('imp.file')),
      h('span', { class: 'form-hint', id: `${fileId}-hint` }, t('imp.file_hint')),
      h('span', { class: 'form-error-message', id: `${fileId}-error`, hidden: true }),
      fileInput),
    h('p', { class: 'actions' }, check, run));
  add(root,
    h('p', { class: 'lead' }, t('imp.lead')),
    h('section', { class: 'panel', 'aria-labelledby': 'import-h' }, h('h2', { id: 'import-h' }, t('imp.heading')), form),
    status, result);

  const kindEl = kindSel.querySelector('select');
  let checked = null; // the file a clean check was made of

  function setTemplate() {
    template.href = `/api/v1/imports/templates/${encodeURIComponent(kindEl.value)}`;
    template.setAttribute('download', `rede-import-${kindEl.value}.xlsx`);
  }
  function reset() {
    checked = null;
    run.disabled = true;
    clear(result);
    status.say('');
  }
  setTemplate();
  kindEl.addEventListener('change', () => { setTemplate(); reset(); });
  fileInput.addEventListener('change', reset);

  const counts = (created) => Object.entries(created || {})
    .map(([k, n]) => (ENTITY_KEYS[k] ? t(ENTITY_KEYS[k], { n }) : `${n} ${k}`)).join(', ');

  function problems(id, caption, list) {
    return dataTable({
      id, caption: { text: caption, visible: true },
      columns: [
        { label: t('imp.col.sheet'), cell: (p) => p.sheet },
        { label: t('imp.col.row'), num: true, cell: (p) => String(p.row || '–') },
        { label: t('imp.col.column'), cell: (p) => [p.column, p.header].filter(Boolean).join(' – ') || '–' },
        { label: t('imp.col.message'), cell: (p) => p.message },
      ],
      rows: list,
      empty: t('imp.none'),
    });
  }

  function showReport(rep) {
    const facts = [
      t('imp.read_as', { encoding: rep.encoding }) + (rep.delimiter ? ` ${t('imp.delimiter', { d: rep.delimiter })}` : '')
        + (rep.sheet ? ` ${t('imp.sheet', { sheet: rep.sheet })}` : ''),
      t('imp.rows', { n: rep.rows }),
      rep.unchanged ? t('imp.unchanged', { n: rep.unchanged }) : null,
      rep.conflicts ? t('imp.conflicts', { n: rep.conflicts }) : null,
    ].filter(Boolean);
    const created = counts(rep.created);
    clear(result,
      h('section', { class: 'panel', 'aria-labelledby': 'report-h' },
        h('h2', { id: 'report-h' }, rep.dry_run ? t('imp.report_check') : t('imp.report_done')),
        h('ul', { id: 'import-facts' }, facts.map((f) => h('li', {}, f))),
        h('p', { id: 'import-created' }, created
          ? t(rep.imported ? 'imp.created' : 'imp.would_create', { what: created })
          : t('imp.nothing_new')),
        rep.errors.length ? problems('import-errors', t('imp.errors', { n: rep.errors.length }), rep.errors) : null,
        rep.notes.length ? problems('import-notes', t('imp.notes', { n: rep.notes.length }), rep.notes) : null));
  }

  async function send(dry) {
    clearErrors(form);
    const file = fileInput.files[0];
    if (!file) {
      showErrors(form, { errors: [{ field: 'file', message: t('imp.no_file') }] });
      return;
    }
    const q = `kind=${encodeURIComponent(kindEl.value)}&name=${encodeURIComponent(file.name)}${dry ? '&dry_run=1' : ''}`;
    check.disabled = true;
    run.disabled = true;
    status.say(t(dry ? 'imp.checking' : 'imp.importing'));
    try {
      const { data: rep } = await api.upload(`/api/v1/imports?${q}`, file);
      showReport(rep);
      if (dry) {
        checked = file;
        run.disabled = false;
        status.say(t('imp.check_ok'));
      } else {
        checked = null;
        status.say(t('imp.done'));
      }
      announce?.(status.textContent);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.problem.report) {
        showReport(e.problem.report);
        status.say(t('imp.has_errors', { n: e.problem.report.errors.length }), true);
        result.querySelector('h2')?.setAttribute('tabindex', '-1');
        result.querySelector('h2')?.focus();
      } else {
        showErrors(form, e);
      }
    } finally {
      check.disabled = false;
      if (checked !== fileInput.files[0]) run.disabled = true;
    }
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); send(true); });
  run.addEventListener('click', () => send(false));
}
