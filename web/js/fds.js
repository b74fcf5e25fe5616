// fds.js - the glue to Det Fælles Designsystem's script (/vendor/dkfds/js,
// loaded as a classic deferred script before the modules; window.DKFDS).
//
// Pages are built with h() at any time, so the DKFDS components that need
// their script are enhanced when they appear: a MutationObserver on <body>
// runs enhance() once per batch of changes. Used: the date picker (every
// .date-picker, dates.js gives its range), accordions (ul.accordion) and tabs
// (div.tab-container). DKFDS's script needs no inline script and no eval; it
// sets element.style properties, which the style-src 'self' policy allows.
// Without the script (it failed to load) the pages work with plain inputs.
import { t, currentLang, parseDate, formatDate } from './i18n.js';

const fds = () => globalThis.DKFDS;
let queued = false;

// The picker's visible input accepts what people type (parseDate): on leaving
// it, a date it understands is written back as dd-mm-åååå and given to the
// picker, so the calendar opens on that day.
function normalize(ev) {
  const input = ev.target;
  if (!input.classList?.contains('date-picker__external-input')) return;
  const iso = parseDate(input.value);
  if (!iso || formatDate(iso) === input.value) return;
  try { fds().datePicker.setCalendarValue(input, iso); } catch { input.value = formatDate(iso); }
}

function pickerStrings() {
  const keys = ['open_calendar', 'choose_a_date', 'choose_a_date_between', 'choose_a_date_before',
    'choose_a_date_after', 'aria_label_date', 'current_month_displayed', 'first_possible_date',
    'last_possible_date', 'previous_year', 'previous_month', 'next_month', 'next_year', 'select_month',
    'select_year', 'previous_years', 'next_years', 'guide', 'months_displayed', 'years_displayed',
    'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
    'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  // DKFDS's own placeholders ({minDay} …) pass through t() untouched.
  return Object.fromEntries(keys.map((k) => [k, t(`datepicker.${k}`)]));
}

export function enhance(root = document.body) {
  const D = fds();
  if (!D) return;
  if (root.querySelector('.date-picker:not(.date-picker--initialized)')) D.datePicker.init(root);
  for (const acc of root.querySelectorAll('ul.accordion:not([data-fds])')) {
    acc.dataset.fds = '1';
    new D.Accordion(acc, { open_all: t('accordion.open_all'), close_all: t('accordion.close_all') }).init();
  }
  for (const tabs of root.querySelectorAll('div.tab-container:not([data-fds])')) {
    tabs.dataset.fds = '1';
    new D.Tabs(tabs).init();
  }
}

export function startFds() {
  const D = fds();
  if (!D) return;
  if (currentLang() !== 'da') D.datePicker.setLanguage(pickerStrings());
  D.datePicker.on(document.body);
  document.body.addEventListener('focusout', normalize, true);
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; enhance(); });
  }).observe(document.body, { childList: true, subtree: true });
}
