-- Ids from sequences instead of identity columns, on PostgreSQL databases
-- made before {{ID}} and {{ROWID}} stood for BIGSERIAL (docs/scaling.md,
-- step 5): Citus refuses to distribute a table with an identity column once
-- a foreign key has made it a citus local table. Each identity column of the
-- schema becomes a plain bigint defaulting to nextval of a sequence owned by
-- the column (what BIGSERIAL makes), started past the largest id in use, so
-- pg_get_serial_sequence, store_next_ids and the bulk path work unchanged.
-- On a database made since, and on SQLite, there is nothing to convert.
-- No table is created here.
{{POSTGRES}}
DO $convert$
DECLARE
	col record;
	seq text;
	next_id bigint;
BEGIN
	FOR col IN
		SELECT c.relname AS tab, a.attname AS att
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
		  AND a.attidentity <> '' AND NOT a.attisdropped
		ORDER BY c.relname, a.attname
	LOOP
		EXECUTE format('SELECT greatest(coalesce(max(%I), 0),'
			       ' coalesce(pg_sequence_last_value(pg_get_serial_sequence(%L, %L)), 0)) + 1'
			       ' FROM %I', col.att, col.tab, col.att, col.tab)
			INTO next_id;
		EXECUTE format('ALTER TABLE %I ALTER COLUMN %I DROP IDENTITY', col.tab, col.att);
		seq := col.tab || '_' || col.att || '_seq';
		EXECUTE format('CREATE SEQUENCE %I AS bigint OWNED BY %I.%I', seq, col.tab, col.att);
		PERFORM setval(seq::regclass, next_id, false);
		EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT nextval(%L::regclass)',
			       col.tab, col.att, seq);
	END LOOP;
END
$convert$;
{{END}}
