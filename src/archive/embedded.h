/*
 * embedded.h - text files compiled into the binary (tools/embed_files.sh):
 * the schemas an archive version carries in Schemas/standard/, written
 * for Rede (the .xsd files in src/archive/schemas/), and the web UI's data
 * files the server checks against too (web/data/date_ranges.json: web_data).
 */
#ifndef REDE_ARCHIVE_EMBEDDED_H
#define REDE_ARCHIVE_EMBEDDED_H

struct embedded_file {
	const char *name;
	const char *text;
};

extern const struct embedded_file archive_schemas[];
extern const int archive_schemas_count;
extern const struct embedded_file web_data[];
extern const int web_data_count;

#endif
