-- Every new alert went into alerts_open (status, for open alerts), which served the inbox's
-- state filters. The open ones are found through alerts_open_key (the same predicate), and the
-- triggered ones are the newest; only "acknowledged" needs an index of its own, and alerts come
-- in triggered, so ingestion never writes to this one.
drop index alerts_open;
create index alerts_acknowledged on alerts (created_at desc, id desc) where status = 'acknowledged';
