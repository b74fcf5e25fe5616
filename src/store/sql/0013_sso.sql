-- 0013_sso: municipal sign-in through an identity provider (issue 17).
--
-- Per municipality at most one SAML 2.0 configuration (OIOSAML 3, KOMBIT's
-- Context Handler) and one OpenID Connect configuration (Entra ID, a MitID
-- Erhverv broker). Private material - the SP's private key, the client
-- secret - is stored sealed with the key file (crypto_secret_seal), never
-- in clear. See src/store/sso.c and docs/OPERATIONS.md.
CREATE TABLE sso_saml (
	municipality_id BIGINT PRIMARY KEY REFERENCES municipality(id),
	idp_entity_id TEXT NOT NULL,
	idp_metadata TEXT NOT NULL,          -- the IdP's SAML metadata as given
	sp_entity_id TEXT NOT NULL,
	sp_cert TEXT NOT NULL,               -- PEM, signing and encryption
	sp_key_sealed TEXT NOT NULL,         -- PEM private key, sealed with the key file
	base_url TEXT NOT NULL,              -- e.g. https://rede.example.dk (no trailing slash)
	cvr TEXT NOT NULL DEFAULT '',        -- the municipality's CVR: the privileges' scope
	enabled INTEGER NOT NULL DEFAULT 1,
	updated_at BIGINT NOT NULL
);

CREATE TABLE sso_oidc (
	municipality_id BIGINT PRIMARY KEY REFERENCES municipality(id),
	issuer TEXT NOT NULL,
	client_id TEXT NOT NULL,
	client_secret_sealed TEXT NOT NULL,  -- sealed with the key file
	base_url TEXT NOT NULL,
	alg TEXT NOT NULL,                   -- the one ID token algorithm accepted, e.g. RS256
	scopes TEXT NOT NULL,
	role_claim TEXT NOT NULL,            -- the claim whose values are mapped (roles, groups)
	enabled INTEGER NOT NULL DEFAULT 1,
	updated_at BIGINT NOT NULL
);

-- From a privilege (SAML) or claim value (OIDC) to a Rede role and,
-- optionally, a unit (unit_id 0 = none; a unit of the same municipality).
CREATE TABLE sso_role_map (
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	source TEXT NOT NULL,
	role TEXT NOT NULL,
	unit_id BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (municipality_id, source, role, unit_id)
);

-- Who an identity provider's subject is in Rede: the user created on the
-- first sign-in (just in time). kind is 'saml' (persistent NameID) or
-- 'oidc' (sub).
CREATE TABLE sso_identity (
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	last_login_at BIGINT NOT NULL,
	PRIMARY KEY (municipality_id, kind, subject)
);
CREATE INDEX sso_identity_user ON sso_identity(user_id);

-- A sign-in under way: the AuthnRequest ID (SAML) or the state (OIDC),
-- bound to the browser that started it by the hash of a cookie, with the
-- OIDC nonce and PKCE verifier. Consumed (deleted) by the answer, so each
-- is used at most once; older than sso.request_max_age_seconds is void.
CREATE TABLE sso_pending (
	key TEXT PRIMARY KEY,
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	kind TEXT NOT NULL,
	browser_hash TEXT NOT NULL,
	nonce TEXT NOT NULL DEFAULT '',
	verifier TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);

-- One-time use: the IDs of assertions already accepted, kept until they
-- expire. The primary key makes a replay a conflict on both backends,
-- whichever thread or process sees it.
CREATE TABLE sso_replay (
	kind TEXT NOT NULL,
	id TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	PRIMARY KEY (kind, id)
);
CREATE INDEX sso_replay_expiry ON sso_replay(expires_at);

-- A session opened through an identity provider, with what single logout
-- needs: the NameID and SessionIndex (SAML), the provider's logout
-- endpoint as discovery named it at sign-in (OIDC).
CREATE TABLE sso_session (
	session_id BIGINT PRIMARY KEY REFERENCES session(id),
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	name_id_format TEXT NOT NULL DEFAULT '',
	name_qualifier TEXT NOT NULL DEFAULT '',
	sp_name_qualifier TEXT NOT NULL DEFAULT '',
	session_index TEXT NOT NULL DEFAULT '',
	idp_logout TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sso_session_subject ON sso_session(municipality_id, kind, subject);

-- Break-glass accounts: may sign in with a password when the municipality
-- has turned local passwords off (setting sso.local_login = 0).
CREATE TABLE sso_break_glass (
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (municipality_id, user_id)
);

INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'sso.local_login', '1'),
	(0, 'sso.saml_min_loa', '2'),
	(0, 'sso.clock_skew_seconds', '60'),
	(0, 'sso.request_max_age_seconds', '600'),
	(0, 'sso.jwks_max_age_seconds', '3600'),
	(0, 'sso.jwks_min_refetch_seconds', '10');
