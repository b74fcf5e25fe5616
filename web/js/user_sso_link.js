// user_sso_link.js - an admin joins a person's two accounts, on the user's
// edit section of the administration page. A staff member brought in by an
// import (issue 19) or made by an admin has an account without a password;
// their first sign-in through the municipality's login makes an account of
// its own, found by the identity provider's subject. Here the admin picks
// that account and the server moves the login to the one being edited
// (POST /users/{id}/sso-link): the picked account is disabled, and the
// person's next sign-in lands on the right account with its history.
import { api } from './api.js';
import { t, compareDa } from './i18n.js';
import { h } from './dom.js';
import { selectField, formErrors, guardedForm } from './forms.js';

// The section for user u, or null when nothing can be moved to u: u signs
// in through the municipality's login already, is a service account or
// disabled, or no other enabled account does. users is the page's list,
// meId the admin; done(user, text) after a move (the list changed; text
// says what happened).
export function ssoLinkSection(u, { users, meId, done }) {
  if (u.federated || u.service_account || u.disabled) return null;
  const from = users.filter((x) => x.federated && !x.disabled && x.id !== u.id && x.id !== meId)
    .sort((a, b) => compareDa(a.display_name, b.display_name));
  if (from.length === 0) return null;
  const headingId = `sso-link-h-${u.id}`;
  const form = h('form', { id: 'user-sso-link', novalidate: true, 'aria-labelledby': headingId },
    formErrors(),
    selectField({ field: 'from_user_id', label: t('users.sso_link_from'), hint: t('users.sso_link_hint'),
      required: true, options: [['', t('users.sso_link_choose')],
        ...from.map((x) => [String(x.id), `${x.display_name} (${x.sign_in || x.username})`])] }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('users.sso_link_save'))));
  guardedForm(form, {
    collect: (f) => {
      const id = Number(f.elements.from_user_id.value);
      if (!id) throw { title: t('form.errors_intro'), errors: [{ field: 'from_user_id', message: t('form.required') }] };
      return { from_user_id: id };
    },
    save: (body, key) => api.post(`/api/v1/users/${u.id}/sso-link`, body, { key }),
    done: ({ data }) => done(data, t('users.sso_link_done', { name: data.display_name })),
  });
  return h('div', { class: 'user-sso-link' }, h('h4', { id: headingId }, t('users.sso_link_heading')), form);
}
