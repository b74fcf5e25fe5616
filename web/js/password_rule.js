// password_rule.js - the one place the web app checks a password an admin
// types before sending it (the server checks again, docs/API.md: at least 12
// characters). Used by the create-user form, where a password is optional
// (without one the account signs in through the municipality's login or gets
// a password later), and by the new-password form, where it is required.
import { t } from './i18n.js';

export const PASSWORD_MIN = 12;

// The field errors for password p: [] when it may be sent.
export function passwordErrors(p, { required }) {
  if (!p) return required ? [{ field: 'password', message: t('form.required') }] : [];
  if ([...p].length < PASSWORD_MIN) return [{ field: 'password', message: t('users.password_short', { min: PASSWORD_MIN }) }];
  return [];
}
