/* distribution.h - the Citus distribution plan of the schema, and its check.
 *
 * Every CREATE TABLE in the schema files (src/<room>/schema, src/domains/<domain>/schema) is annotated, on a comment
 * line, with where its rows live when the schema is distributed with Citus
 * (docs/scaling.md, step 5):
 *
 *   -- citus: distribute <table> by <column>               a group root, or a
 *                                                          table keyed by itself
 *   -- citus: distribute <table> by <column> with <root>   co-located with root
 *   -- citus: reference <table>                            copied to every node
 *   -- citus: coordinator <table>                          stays on the coordinator
 *   -- citus: redistribute <table> by <column> [with <root>]
 *                             in a later file: the table moved (a released file
 *                             is never edited); replaces the earlier annotation
 *
 * distribution_check compares the live database (either engine) with the
 * annotations, so a schema change that would stop the schema from being
 * distributed fails a test on the laptop, not on the day of the migration:
 *   R1 every table has exactly one annotation, and every annotation a table;
 *   R2 a distributed table's column exists and is NOT NULL, and its primary
 *      key and every unique constraint or index (partial ones too) include it
 *      (on SQLite, a rowid primary key counts when a unique constraint over
 *      it and the column exists: that is what {{ROWID}} + {{KEY}} produce);
 *   R3 a foreign key between distributed tables joins tables of one
 *      co-location group and maps the child's column to the parent's;
 *   R4 distributed -> reference keys are fine; reference -> distributed are
 *      not; a coordinator table is referenced by coordinator tables only. */
#ifndef MZ_STORE_DISTRIBUTION_H
#define MZ_STORE_DISTRIBUTION_H

#include <stdio.h>

#include "store/store.h"

/* Called once per violation: the table and a sentence in English. */
typedef void (*distribution_report_fn)(void *arg, const char *table, const char *problem);

/* Checks the database behind c against the annotations. Returns the number
 * of violations (0: the schema can be distributed as planned), or -1 with e
 * filled if the database or the annotations cannot be read. */
int distribution_check(store_conn *c, distribution_report_fn report, void *arg, mz_err *e);

/* Writes the Citus statements that distribute the schema as annotated:
 * reference tables, then group roots and own-key tables, then co-located
 * tables, each in schema order (which is foreign-key order). Returns 0, or
 * -1 with e filled if an annotation is malformed. */
int distribution_citus_sql(FILE *out, mz_err *e);

#endif
