-- refs_target gains the referrer (from_kind, from_id), so that both questions asked of a
-- record's referrers are answered from the index alone, one range of it:
--  * how many records of one kind reference it (a routing profile's users:
--    NumberOfAssociatedUsers), without fetching each referring row to read its kind;
--  * is anything still pointing at it (a delete's in-use check), which SQLite otherwise
--    served from the primary key, the only index that covered from_kind and from_id, by
--    scanning every reference in the instance.
-- Its leading columns are those of 0002.
DROP INDEX refs_target;
CREATE INDEX refs_target ON refs (to_id, to_kind, account, instance, from_kind, from_id);
