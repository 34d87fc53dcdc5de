-- When Andon's own background work last ran, to tell its own downtime from a job's silence.
create table monitor_clock (
    name text primary key,
    at   timestamptz not null
);
