/*
 * tables.h - every table of the schema, in an order where each table comes
 * after the tables it references. Used by generic tools (rede copy) that
 * must visit all data; tests check the list matches the schema, so a new
 * migration cannot forget to add its tables here.
 */
#ifndef REDE_STORE_TABLES_H
#define REDE_STORE_TABLES_H

#include <stdbool.h>

struct store_table {
	const char *name;
	bool seeded;  /* migrations insert rows: replace them when copying */
	bool auto_id; /* has an auto-assigned id column ({{ID}}) */
};

extern const struct store_table store_tables[];
extern const int store_tables_count;

#endif
