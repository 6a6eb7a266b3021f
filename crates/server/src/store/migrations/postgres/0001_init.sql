-- ../0001_init.sql for PostgreSQL: the same tables and indexes, with byte-order ("C")
-- collation on the text columns that are compared, ordered or range-scanned.
CREATE TABLE resources (
    account  TEXT COLLATE "C" NOT NULL,
    instance TEXT COLLATE "C" NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,
    id       TEXT COLLATE "C" NOT NULL,
    name     TEXT COLLATE "C",
    body     TEXT NOT NULL,
    secret   TEXT,
    PRIMARY KEY (account, instance, kind, id)
);
CREATE UNIQUE INDEX resources_unique_name ON resources (account, instance, kind, name) WHERE name IS NOT NULL;

CREATE TABLE refs (
    account   TEXT COLLATE "C" NOT NULL,
    instance  TEXT COLLATE "C" NOT NULL,
    from_kind TEXT COLLATE "C" NOT NULL,
    from_id   TEXT COLLATE "C" NOT NULL,
    to_kind   TEXT COLLATE "C" NOT NULL,
    to_id     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account, instance, from_kind, from_id, to_kind, to_id)
);
CREATE INDEX refs_target ON refs (account, instance, to_kind, to_id);
