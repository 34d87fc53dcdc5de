-- Incidents: one place to coordinate a response, with roles, a status, the times that matter and
-- updates for stakeholders (internal) and users (public, shown on status pages).

create table incidents (
    id                bigint generated always as identity primary key,
    -- Short, human reference shown everywhere: INC-42.
    number            bigint not null unique,
    title             text not null,
    severity          text not null check (severity in ('SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5')),
    status            text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
    customer_impact   text not null default '',
    -- Internal summary; never shown on a status page.
    summary           text not null default '',
    started_at        timestamptz not null,
    detected_at       timestamptz not null,
    acknowledged_at   timestamptz,
    mitigated_at      timestamptz,
    resolved_at       timestamptz,
    declared_by       text not null,
    declared_from     text not null default 'ui' check (declared_from in ('ui', 'api', 'alert', 'slack')),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
create sequence incident_numbers start 1 owned by incidents.number;
create index incidents_open on incidents (started_at desc) where status <> 'resolved';

create table incident_services (
    incident_id bigint not null references incidents (id) on delete cascade,
    service_id  bigint not null references services (id) on delete cascade,
    primary key (incident_id, service_id)
);
create index incident_services_service on incident_services (service_id);

-- Who holds each role now; every handover is also an event in incident_log.
create table incident_roles (
    incident_id bigint not null references incidents (id) on delete cascade,
    role        text not null check (role in ('commander', 'operations', 'communications', 'scribe')),
    -- A user holding a role in an open incident cannot be deleted (JooqCatalogRepository says so);
    -- once it is resolved, deleting them drops the role row, the handovers stay in incident_log.
    user_id     bigint not null references users (id) on delete cascade,
    assigned_at timestamptz not null,
    primary key (incident_id, role)
);

-- Alerts attached to an incident (declared from an alert, or attached later).
create table incident_alerts (
    incident_id bigint not null references incidents (id) on delete cascade,
    alert_id    bigint not null references alerts (id) on delete cascade,
    attached_at timestamptz not null,
    primary key (incident_id, alert_id)
);
create index incident_alerts_alert on incident_alerts (alert_id);

-- The incident's own entries of its timeline: declared, status and severity changes, role
-- handovers, notes (at may be back-dated: a note records when something happened), updates posted.
-- The rest of the timeline (alerts, check changes, notifications, deploys) is assembled from the
-- other logs at read time.
create table incident_log (
    id          bigint generated always as identity primary key,
    incident_id bigint not null references incidents (id) on delete cascade,
    at          timestamptz not null,
    recorded_at timestamptz not null,
    kind        text not null,
    actor       text not null,
    body        text not null default '',
    detail      jsonb
);
create index incident_log_incident on incident_log (incident_id, at);

-- Stakeholder updates: 'internal' go to the incident's subscribers (email, Slack), 'public' to
-- status pages. Only public ones ever leave for a status page.
create table incident_updates (
    id          bigint generated always as identity primary key,
    incident_id bigint not null references incidents (id) on delete cascade,
    audience    text not null check (audience in ('internal', 'public')),
    status      text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
    body        text not null,
    posted_by   text not null,
    posted_at   timestamptz not null
);
create index incident_updates_incident on incident_updates (incident_id, posted_at);

-- Who hears internal updates of an incident.
create table incident_subscribers (
    incident_id bigint not null references incidents (id) on delete cascade,
    user_id     bigint not null references users (id) on delete cascade,
    primary key (incident_id, user_id)
);
