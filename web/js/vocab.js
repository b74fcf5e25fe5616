// vocab.js - the allowed values of the API's closed lists, as the server
// checks them (GET /api/v1/vocabulary, read once after sign-in), so the
// forms offer exactly what the server accepts and keep no copy of it. The
// labels the UI shows stay in the catalogue (i18n), in both languages.
import { api } from './api.js';

let lists = {};

export async function loadVocabulary() {
  try {
    const { data } = await api.get('/api/v1/vocabulary');
    lists = data?.lists || {};
  } catch { /* the forms show empty choices; the next sign-in tries again */ }
}

// The codes of one list, in the server's order.
export function codes(name) {
  return (lists[name] || []).map((x) => x.code);
}
