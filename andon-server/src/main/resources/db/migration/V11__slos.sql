-- Service level objectives: good and total counts per minute (never ratios) with hour and day
-- roll-ups, so every rolling and calendar window is exact and request-weighted.

-- Where Prometheus SLIs are read from (OpenSLO DataSource).
create table slo_data_sources (
    id          bigint generated always as identity primary key,
    slug        text not null unique,
    type        text not null default 'prometheus' check (type in ('prometheus')),
    url         text not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table slos (
    id               bigint generated always as identity primary key,
    slug             text not null unique,
    name             text not null,
    service_id       bigint not null references services (id) on delete cascade,
    -- The whole definition in Andon's JSON vocabulary (SloFields); OpenSLO is converted to and from it.
    spec             jsonb not null,
    -- The first minute counted: minutes before it are neither good nor bad.
    collecting_since timestamptz not null,
    -- Check and Prometheus SLIs: the minutes before this have been read from their source.
    collected_until  timestamptz,
    -- When counts of an already settled minute were last rewritten (a late push): the evaluator's
    -- running sums of this SLO are then recomputed from the stored minutes.
    counts_changed_at timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index slos_service on slos (service_id);

create table slo_minutes (
    slo_id bigint not null references slos (id) on delete cascade,
    minute timestamptz not null,
    good   bigint not null check (good >= 0),
    total  bigint not null check (total >= good),
    primary key (slo_id, minute)
);
-- The incremental update reads the minutes leaving each window for every SLO at once.
create index slo_minutes_minute on slo_minutes (minute);

create table slo_hours (
    slo_id bigint not null references slos (id) on delete cascade,
    hour   timestamptz not null,
    good   bigint not null,
    total  bigint not null,
    -- Minutes of the hour with at least one event: what the no-data policy needs.
    data_minutes int not null,
    primary key (slo_id, hour)
);

create table slo_days (
    slo_id bigint not null references slos (id) on delete cascade,
    day    timestamptz not null,
    good   bigint not null,
    total  bigint not null,
    data_minutes int not null,
    primary key (slo_id, day)
);

-- Time that counts for nothing: a maintenance window, or an incident that was not the service's fault.
create table slo_exclusions (
    id          bigint generated always as identity primary key,
    slo_id      bigint not null references slos (id) on delete cascade,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null check (ends_at > starts_at),
    reason      text not null,
    incident_id bigint references incidents (id) on delete set null,
    created_by  text not null,
    created_at  timestamptz not null default now()
);
create index slo_exclusions_slo on slo_exclusions (slo_id, starts_at);

-- What each burn alert (and the no-data alert) last decided, so the pipeline hears only changes.
create table slo_alert_states (
    slo_id     bigint not null references slos (id) on delete cascade,
    alert      text not null,
    firing     boolean not null,
    changed_at timestamptz not null,
    primary key (slo_id, alert)
);

-- The budget state of each SLO (healthy, at-risk, exhausted), so the policy acts on changes.
create table slo_budget_states (
    slo_id     bigint primary key references slos (id) on delete cascade,
    state      text not null check (state in ('healthy', 'at-risk', 'exhausted')),
    remaining  double precision not null,
    changed_at timestamptz not null
);

-- A service's error-budget policy (thresholds and actions per state), JSON in BudgetPolicy's vocabulary.
create table budget_policies (
    service_id bigint primary key references services (id) on delete cascade,
    spec       jsonb not null,
    updated_at timestamptz not null default now()
);

-- Deploy-gate overrides and approvals: a person lets deploys through despite the policy, with a reason.
create table gate_overrides (
    id          bigint generated always as identity primary key,
    service_id  bigint not null references services (id) on delete cascade,
    kind        text not null check (kind in ('override', 'approval')),
    reason      text not null,
    created_by  text not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null
);
create index gate_overrides_service on gate_overrides (service_id, expires_at);
