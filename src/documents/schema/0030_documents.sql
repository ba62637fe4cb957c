-- 0030_documents.sql - the register of generated official documents
-- (documents/documents.h): what was issued, for whom, when, by whom, and
-- the hash of the bytes handed out. The PDF itself is not kept: it is made
-- again from the record it describes, and a second copy is a reprint.
--
-- citus: distribute documents by id
CREATE TABLE documents (
  id            {{ID}},
  kind          TEXT NOT NULL,        -- 'assist.decision', 'eldercare.card', ...
  number        TEXT NOT NULL,        -- 文号, e.g. 沙园街民救决〔2026〕3号; a reprint keeps it
  subject_kind  TEXT NOT NULL,        -- 'case', 'assessment', 'person', 'notice'
  subject_id    BIGINT NOT NULL,
  division_code TEXT NOT NULL,        -- the subject's division (scope of the record)
  title         TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  size_bytes    BIGINT NOT NULL,
  pages         INTEGER NOT NULL,
  reprint_of    BIGINT,               -- the first issue's id, on a reprint
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX documents_subject ON documents (subject_kind, subject_id, kind, id);
CREATE INDEX documents_division ON documents (division_code, created_at);

-- The running number of each issuing office's documents of one kind in a
-- year (the 〔2026〕3号 part). One row per (prefix, year), bumped in the
-- issuing transaction, so numbers have no gaps and no duplicates.
-- citus: coordinator document_numbers
CREATE TABLE document_numbers (
  prefix TEXT NOT NULL,
  year   INTEGER NOT NULL,
  next   BIGINT NOT NULL,
  PRIMARY KEY (prefix, year)
);
