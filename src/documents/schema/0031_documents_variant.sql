-- 0031_documents_variant.sql - which one of a subject's documents of a kind
-- a register row is: the elder's card is issued per card (a replacement
-- card is a new document with its own number, a second print of the same
-- card a reprint), so the card's code is the variant; '' for the kinds of
-- which a subject has one (a case's decision).
ALTER TABLE documents ADD COLUMN variant TEXT NOT NULL DEFAULT '';
