// login.js - the placeholder sign-in page: POST /api/v1/session, then show
// who is signed in. The full UI is its own piece of work (issue 4).
const $ = (id) => document.getElementById(id);
let csrf = null;

function show(user) {
  $('login').hidden = true;
  $('signed-in').hidden = false;
  $('who').textContent = user.display_name;
  $('roles').textContent = user.roles.join(', ');
}

async function whoami() {
  const r = await fetch('/api/v1/me', { credentials: 'same-origin' });
  if (r.ok) {
    const me = await r.json();
    csrf = me.csrf_token;
    show(me);
  }
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  const r = await fetch('/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: $('username').value, password: $('password').value }),
  });
  const body = await r.json().catch(() => ({}));
  if (r.status === 201) {
    csrf = body.csrf_token;
    show(body.user);
  } else {
    const detail = (body.errors || []).map((e) => e.message).filter(Boolean).join(' ');
    $('login-error').textContent = [body.title, detail].filter(Boolean).join('. ');
  }
});

$('logout').addEventListener('click', async () => {
  await fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf || '' } });
  location.reload();
});

whoami();
