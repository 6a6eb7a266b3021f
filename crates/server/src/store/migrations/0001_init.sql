-- One table of records, one of references between them. Shared by SQLite and PostgreSQL.
CREATE TABLE resources (
    account  TEXT NOT NULL,
    instance TEXT NOT NULL,
    kind     TEXT NOT NULL,
    id       TEXT NOT NULL,
    name     TEXT,
    body     TEXT NOT NULL,
    secret   TEXT,
    PRIMARY KEY (account, instance, kind, id)
);
CREATE UNIQUE INDEX resources_unique_name ON resources (account, instance, kind, name) WHERE name IS NOT NULL;

CREATE TABLE refs (
    account   TEXT NOT NULL,
    instance  TEXT NOT NULL,
    from_kind TEXT NOT NULL,
    from_id   TEXT NOT NULL,
    to_kind   TEXT NOT NULL,
    to_id     TEXT NOT NULL,
    PRIMARY KEY (account, instance, from_kind, from_id, to_kind, to_id)
);
CREATE INDEX refs_target ON refs (account, instance, to_kind, to_id);
