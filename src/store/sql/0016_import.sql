-- 0016_import: import of existing registrations from XLSX and CSV (issue 19).
--
-- import_key: one row per imported source row (or group of rows, e.g. the
-- persons of one family): the key the file gave it, what it became, and a
-- keyed fingerprint of its cells (crypto_request_fingerprint; keyed since
-- the cells may hold a CPR number). Importing the same key again with the
-- same fingerprint creates nothing; with another fingerprint it is a
-- conflict, never an overwrite.
CREATE TABLE import_key (
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	kind TEXT NOT NULL,
	source_key TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	fingerprint TEXT NOT NULL,
	imported_by BIGINT REFERENCES app_user(id),
	imported_at BIGINT NOT NULL,
	PRIMARY KEY (municipality_id, kind, source_key)
);

-- The readers' caps (src/import/): a file's size and each uncompressed
-- XLSX part, rows of a sheet, bytes in a cell, shared strings, columns.
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'import.max_bytes', '67108864'),
	(0, 'import.max_rows', '200000'),
	(0, 'import.max_cell_len', '4000'),
	(0, 'import.max_shared_strings', '1000000'),
	(0, 'import.max_columns', '64');
