-- ../0003_refs_target_covers_referrer_kind.sql for PostgreSQL (the same statements).
DROP INDEX refs_target;
CREATE INDEX refs_target ON refs (to_id, to_kind, account, instance, from_kind, from_id);
