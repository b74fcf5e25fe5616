// user_password.js - an admin gives a user a new password, on the user's
// edit section of the administration page. It is how a staff member whose
// account came without one (an import, issue 19, or an admin who left the
// field empty) gets to sign in with a password, and how a forgotten
// password is replaced. The server ends the user's sessions; a user who
// signs in through the municipality's login has no password here and the
// server refuses (409), which is shown as its message.
import { api } from './api.js';
import { t } from './i18n.js';
import { h } from './dom.js';
import { field, formErrors, guardedForm } from './forms.js';
import { statusLine } from './ui.js';
import { passwordErrors } from './password_rule.js';

// A section with user u's new-password form; announce(text) reads a result aloud.
export function passwordSection(u, { announce }) {
  const headingId = `password-h-${u.id}`;
  const status = statusLine();
  const form = h('form', { id: 'user-password', novalidate: true, 'aria-labelledby': headingId },
    formErrors(),
    field({ field: 'password', label: t('users.new_password'), hint: t('users.new_password_hint'), type: 'password',
      required: true, autocomplete: 'new-password' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('users.set_password'))));
  guardedForm(form, {
    collect: (f) => {
      const body = { password: f.elements.password.value };
      const errors = passwordErrors(body.password, { required: true });
      if (errors.length) throw { title: t('form.errors_intro'), errors };
      return body;
    },
    save: (body, key) => api.post(`/api/v1/users/${u.id}/password`, body, { key }),
    done: () => {
      form.elements.password.value = '';
      const text = t('users.password_set', { name: u.display_name });
      status.say(text);
      announce(text);
    },
  });
  return h('div', { class: 'user-password' }, h('h4', { id: headingId }, t('users.new_password_heading')), status, form);
}
