-- Detection: health checks run from one or more locations, heartbeat monitors, remote agents,
-- every probe result, and roll-ups per minute, hour and day for uptime and latency percentiles.

create table checks (
    id               bigint generated always as identity primary key,
    slug             text not null unique,
    name             text not null,
    service_id       bigint not null references services (id) on delete restrict,
    type             text not null,
    spec             jsonb not null,
    interval_ms      bigint not null check (interval_ms > 0),
    timeout_ms       bigint not null check (timeout_ms > 0),
    retries          int not null default 0,
    failures_to_down int not null default 2,
    successes_to_up  int not null default 1,
    locations        text[] not null,
    down_when        text not null default 'any',
    paused           boolean not null default false,
    -- The check's verdict over all its locations, kept with the result that decided it.
    status           text not null default 'pending',
    status_since     timestamptz not null default now(),
    status_message   text not null default '',
    status_phase     text,
    last_result_at   timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index checks_service on checks (service_id);

-- The state machine per check and location, and the latest result there (for the comparison view).
create table check_locations (
    check_id              bigint not null references checks (id) on delete cascade,
    location              text not null,
    status                text not null default 'pending',
    consecutive_failures  int not null default 0,
    consecutive_successes int not null default 0,
    status_since          timestamptz not null default now(),
    last_result_at        timestamptz,
    last_result           jsonb,
    primary key (check_id, location)
);

-- Every result. result_id makes a retried upload from an agent harmless.
create table check_results (
    result_id    uuid not null,
    check_id     bigint not null references checks (id) on delete cascade,
    location     text not null,
    at           timestamptz not null,
    status       text not null,
    duration_ms  double precision not null,
    failed_phase text,
    message      text not null default '',
    phases       jsonb not null default '{}',
    observations jsonb not null default '{}',
    primary key (result_id)
);
create index check_results_recent on check_results (check_id, at desc);
create index check_results_age on check_results (at);

-- Element-wise sum of two histograms (null counts as empty).
create function andon_add_counts(a bigint[], b bigint[]) returns bigint[]
    language sql immutable parallel safe as
$$
select coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) order by i), '{}')
from unnest(coalesce(a, '{}'), coalesce(b, '{}')) with ordinality as t(x, y, i)
$$;

-- Counts per bucket: resolution 'm', 'h' or 'd'; location '' holds the check's own verdict over all
-- locations (sampled at each result), the others each location's results and latency histogram.
create table check_rollups (
    check_id   bigint not null references checks (id) on delete cascade,
    location   text not null,
    resolution char(1) not null check (resolution in ('m', 'h', 'd')),
    bucket     timestamptz not null,
    up         int not null default 0,
    degraded   int not null default 0,
    down       int not null default 0,
    unknown    int not null default 0,
    latency    bigint[] not null default '{}',
    primary key (check_id, resolution, location, bucket)
);
create index check_rollups_age on check_rollups (resolution, bucket);

-- Remote vantage points. A location is served by agents holding a token for it.
create table agents (
    id           bigint generated always as identity primary key,
    location     text not null unique,
    description  text not null default '',
    token_hash   text not null unique,
    token_prefix text not null,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz,
    last_address text,
    version      text,
    revoked_at   timestamptz
);

create table heartbeats (
    id               bigint generated always as identity primary key,
    slug             text not null unique,
    name             text not null,
    service_id       bigint not null references services (id) on delete restrict,
    ping_key_hash    text not null unique,
    ping_key_prefix  text not null,
    schedule_kind    text not null check (schedule_kind in ('simple', 'cron')),
    period_ms        bigint,
    cron             text,
    timezone         text,
    grace_ms         bigint not null,
    paused           boolean not null default false,
    status           text not null default 'new',
    status_since     timestamptz not null default now(),
    state            jsonb not null default '{}',
    next_deadline    timestamptz,
    last_ping_at     timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index heartbeats_deadline on heartbeats (next_deadline) where next_deadline is not null;

create table heartbeat_pings (
    id              bigint generated always as identity primary key,
    heartbeat_id    bigint not null references heartbeats (id) on delete cascade,
    at              timestamptz not null,
    kind            text not null,
    exit_status     int,
    run_id          uuid,
    run_duration_ms bigint,
    source          text,
    user_agent      text,
    body            text
);
create index heartbeat_pings_recent on heartbeat_pings (heartbeat_id, id desc);
create index heartbeat_pings_age on heartbeat_pings (at);
