-- Alerts: integrations (where events come in, per service), alerts deduplicated per
-- (integration, dedup key), groups (one page per service for a storm), each alert's own timeline,
-- change events (deploys, config changes) and maintenance windows.

create table integrations (
    id             bigint generated always as identity primary key,
    slug           text not null unique,
    name           text not null,
    service_id     bigint not null references services (id) on delete restrict,
    type           text not null check (type in ('events-v2', 'alertmanager', 'webhook')),
    -- The definition in the API's vocabulary (AlertFields), as applied.
    spec           jsonb not null,
    -- SHA-256 of the key (128 random bits, 32 hex characters like a PagerDuty routing key); the key itself is shown once.
    key_hash       text unique,
    key_hint       text,
    key_created_at timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index integrations_service on integrations (service_id);

create table maintenance_windows (
    id         bigint generated always as identity primary key,
    slug       text not null unique,
    name       text not null,
    spec       jsonb not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- One open group per service: the alerts of a storm page once. Its status follows its alerts:
-- triggered while any is triggered, acknowledged while all open ones are, resolved when none is open.
create table alert_groups (
    id            bigint generated always as identity primary key,
    service_id    bigint not null references services (id) on delete cascade,
    status        text not null default 'triggered' check (status in ('triggered', 'acknowledged', 'resolved')),
    severity      text not null,
    title         text not null,
    alert_count   int not null default 0,
    opened_at     timestamptz not null,
    last_alert_at timestamptz not null,
    resolved_at   timestamptz,
    -- 'pending': ready to page; 'suppressed': a maintenance window covers it (paging is the next stage).
    page_state    text not null default 'pending' check (page_state in ('pending', 'suppressed')),
    suppressed_by bigint references maintenance_windows (id) on delete set null
);
create unique index alert_groups_open on alert_groups (service_id) where resolved_at is null;
create index alert_groups_opened on alert_groups (opened_at desc);

create table alerts (
    id               bigint generated always as identity primary key,
    -- null for alerts Andon raises itself (checks, later SLOs): origin says which.
    integration_id   bigint references integrations (id) on delete set null,
    origin           text not null,
    origin_ref       text,
    service_id       bigint not null references services (id) on delete cascade,
    group_id         bigint references alert_groups (id) on delete set null,
    dedup_key        text not null,
    status           text not null check (status in ('triggered', 'acknowledged', 'resolved')),
    severity         text not null check (severity in ('critical', 'error', 'warning', 'info')),
    summary          text not null,
    source           text,
    component        text,
    alert_group      text,
    alert_class      text,
    custom_details   jsonb,
    links            jsonb not null default '[]',
    images           jsonb not null default '[]',
    client           text,
    client_url       text,
    am_group_key     text,
    source_time      timestamptz,
    created_at       timestamptz not null,
    last_event_at    timestamptz not null,
    dedup_count      int not null default 0,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    resolved_at      timestamptz,
    resolved_by      text,
    suppressed_by    bigint references maintenance_windows (id) on delete set null,
    auto_resolve_at  timestamptz,
    actionable       boolean,
    feedback_by      text,
    feedback_at      timestamptz
);
-- At most one open alert per (integration, dedup key); Andon's own alerts share scope 0.
create unique index alerts_open_key on alerts ((coalesce(integration_id, 0)), dedup_key) where status <> 'resolved';
create index alerts_created on alerts (created_at desc);
create index alerts_service on alerts (service_id, created_at desc);
create index alerts_group on alerts (group_id);
create index alerts_open on alerts (status) where status <> 'resolved';
create index alerts_am_group on alerts (integration_id, am_group_key) where status <> 'resolved' and am_group_key is not null;
create index alerts_suppressed on alerts (suppressed_by) where status <> 'resolved' and suppressed_by is not null;
create index alerts_auto_resolve on alerts (auto_resolve_at) where status <> 'resolved' and auto_resolve_at is not null;

-- Each alert's own timeline: triggered, acknowledged, resolved, suppressed, feedback... (deduplicated
-- events are counted on the alert, not listed one by one).
create table alert_log (
    id       bigint generated always as identity primary key,
    alert_id bigint not null references alerts (id) on delete cascade,
    at       timestamptz not null,
    kind     text not null,
    actor    text not null,
    detail   jsonb
);
create index alert_log_alert on alert_log (alert_id, id);

create table change_events (
    id             bigint generated always as identity primary key,
    integration_id bigint references integrations (id) on delete set null,
    service_id     bigint not null references services (id) on delete cascade,
    summary        text not null,
    source         text,
    happened_at    timestamptz not null,
    received_at    timestamptz not null default now(),
    custom_details jsonb,
    links          jsonb not null default '[]'
);
create index change_events_service on change_events (service_id, happened_at desc);
create index change_events_time on change_events (happened_at desc);

-- What a group's status and severity are computed from: probes of these indexes cost the same
-- whether a group holds ten open alerts or fifty thousand.
create index alerts_group_status on alerts (group_id, status) where status <> 'resolved';
create index alerts_group_severity on alerts (group_id, severity) where status <> 'resolved';

-- Brings the groups' status in line with their alerts; every path that changes alerts calls it.
-- The groups are locked first, so the probes below see every alert committed by a transaction
-- that held them (a writer adding an alert to a group holds its lock until commit).
create function andon_refresh_groups(ids bigint[], at timestamptz) returns void
    language plpgsql as
$$
begin
    perform 1 from alert_groups where id = any (ids) order by id for update;
    update alert_groups g
    set status      = s.status,
        resolved_at = case when s.status = 'resolved' then coalesce(g.resolved_at, at) end,
        severity    = coalesce(s.severity, g.severity)
    from (select g2.id,
                 case
                     when exists (select 1 from alerts a where a.group_id = g2.id and a.status = 'triggered') then 'triggered'
                     when exists (select 1 from alerts a where a.group_id = g2.id and a.status = 'acknowledged') then 'acknowledged'
                     else 'resolved'
                 end as status,
                 case
                     when exists (select 1 from alerts a where a.group_id = g2.id and a.status <> 'resolved' and a.severity = 'critical') then 'critical'
                     when exists (select 1 from alerts a where a.group_id = g2.id and a.status <> 'resolved' and a.severity = 'error') then 'error'
                     when exists (select 1 from alerts a where a.group_id = g2.id and a.status <> 'resolved' and a.severity = 'warning') then 'warning'
                     when exists (select 1 from alerts a where a.group_id = g2.id and a.status <> 'resolved' and a.severity = 'info') then 'info'
                 end as severity
          from alert_groups g2
          where g2.id = any (ids)) s
    where g.id = s.id
      and (g.status is distinct from s.status or g.severity is distinct from coalesce(s.severity, g.severity));
end
$$;
