/* json_person.h - a person as the API sends it, written straight into the
 * response by the streaming writer (base/jsonw.h) instead of being built as
 * a jansson tree and dumped (issue 18: the hot read paths). The bytes are
 * those the tree gave, invalid UTF-8 included (see json_person.c);
 * tests/unit/test_jsonw.c holds the tree code as it was and compares. */
#ifndef MZ_JSON_PERSON_H
#define MZ_JSON_PERSON_H

#include "base/date.h"
#include "base/jsonw.h"
#include "registry/registry.h"

/* A person in a list (full = 0) or on its own page (full = 1); age on the
 * day given. On a name, code or other list field that is not valid UTF-8 the
 * writer fails (jsonw_failed), as json_pack did; see json_person.c for the
 * fields of the full page that are left out instead. */
void json_person_write(jsonw *w, const registry_person *p, int full, mz_day today);

#endif
