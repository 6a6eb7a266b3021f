-- refs_target led with (account, instance): a prefix that the PKEY's lookup of a record's
-- own references (account, instance, from_kind, from_id) shares. PostgreSQL's generic plan
-- for that lookup, made while the table looked small, picked refs_target and then filtered
-- every reference in the instance (5 ms a DescribeUser at 7,000 users). Led by the target
-- id, the index serves only what it is for: "is anything still pointing at this record?".
DROP INDEX refs_target;
CREATE INDEX refs_target ON refs (to_id, to_kind, account, instance);
