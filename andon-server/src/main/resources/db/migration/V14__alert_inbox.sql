-- Inbound events, stored as they are accepted and applied to the alerts just after (AlertInbox).
-- The 202 waits for this one narrow insert to be committed, not for dedup, grouping and the
-- timeline: those run on batches of whatever has arrived, so their cost per statement is shared by
-- hundreds of events instead of a dozen. A row is deleted in the transaction that applies it, so
-- each event is applied exactly once, also across a crash. An event that cannot be applied (it
-- fails alone, every time) stays, with failed_at and the error, for an operator to see.
create table alert_inbox (
    id        bigint generated always as identity primary key,
    -- The event as JSON text (not jsonb: nothing reads into it, and text is cheaper to store).
    item      text not null,
    failed_at timestamptz,
    error     text
);
