/*
 * embedded.h - text files compiled into the binary (tools/embed_files.sh):
 * the schemas an archive version carries in Schemas/standard/, written
 * for Rede (the .xsd files in src/archive/schemas/).
 */
#ifndef REDE_ARCHIVE_EMBEDDED_H
#define REDE_ARCHIVE_EMBEDDED_H

struct embedded_file {
	const char *name;
	const char *text;
};

extern const struct embedded_file archive_schemas[];
extern const int archive_schemas_count;

#endif
