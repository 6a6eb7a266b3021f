-- ../0002_refs_target_by_id.sql for PostgreSQL (the same statements).
DROP INDEX refs_target;
CREATE INDEX refs_target ON refs (to_id, to_kind, account, instance);
