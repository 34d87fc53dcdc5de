-- Public status pages: components mapped to services (their state comes from the services' checks
-- unless overridden), scheduled maintenances, and subscribers. Incidents come from the incidents
-- tables, and only their public updates are ever shown.

create table status_pages (
    id          bigint generated always as identity primary key,
    slug        text not null unique,
    title       text not null,
    description text not null default '',
    -- Where the page is published for users (a CDN or bucket); links and feeds use it.
    public_url  text not null default '',
    time_zone   text not null default 'UTC',
    -- Unlisted pages are served to whoever knows the address, but not linked anywhere.
    listed      boolean not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table status_components (
    id                    bigint generated always as identity primary key,
    page_id               bigint not null references status_pages (id) on delete cascade,
    name                  text not null,
    description           text not null default '',
    group_name            text,
    position              int not null default 0,
    service_id            bigint references services (id) on delete set null,
    only_show_if_degraded boolean not null default false,
    -- A person's word beats the checks until it is lifted or runs out.
    override_status       text check (override_status in
                              ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    override_by           text,
    override_reason       text,
    override_until        timestamptz,
    -- The last state published, so a change schedules a publish and updated_at means something.
    last_status           text not null default 'operational',
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    unique (page_id, name)
);
create index status_components_service on status_components (service_id);

create table status_maintenances (
    id              bigint generated always as identity primary key,
    page_id         bigint not null references status_pages (id) on delete cascade,
    title           text not null,
    body            text not null default '',
    scheduled_for   timestamptz not null,
    scheduled_until timestamptz not null,
    status          text not null default 'scheduled' check (status in ('scheduled', 'in_progress', 'verifying', 'completed')),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    check (scheduled_until > scheduled_for)
);
create index status_maintenances_page on status_maintenances (page_id, scheduled_for desc);

create table status_maintenance_components (
    maintenance_id bigint not null references status_maintenances (id) on delete cascade,
    component_id   bigint not null references status_components (id) on delete cascade,
    primary key (maintenance_id, component_id)
);

create table status_maintenance_updates (
    id             bigint generated always as identity primary key,
    maintenance_id bigint not null references status_maintenances (id) on delete cascade,
    status         text not null check (status in ('scheduled', 'in_progress', 'verifying', 'completed')),
    body           text not null,
    posted_at      timestamptz not null
);
create index status_maintenance_updates_maintenance on status_maintenance_updates (maintenance_id, posted_at);

-- Email subscribers confirm by a signed link (double opt-in); webhooks are added by an admin.
create table status_subscribers (
    id           bigint generated always as identity primary key,
    page_id      bigint not null references status_pages (id) on delete cascade,
    kind         text not null check (kind in ('email', 'webhook')),
    address      text not null,
    confirmed_at timestamptz,
    created_at   timestamptz not null default now(),
    unique (page_id, kind, address)
);

-- A webhook subscriber may have a secret that signs its deliveries (encrypted with the server's key).
alter table status_subscribers add column secret text;

-- One message per subscriber and event (a confirmation, an incident's public update, a maintenance
-- notice), delivered by the status-subscriber-notify task with retries. The unique key makes queueing
-- the same event twice a no-op, and limits confirmation emails to one per address and hour.
create table status_notifications (
    id            bigint generated always as identity primary key,
    subscriber_id bigint not null references status_subscribers (id) on delete cascade,
    event_key     text not null,
    kind          text not null check (kind in ('confirm', 'incident', 'maintenance')),
    payload       jsonb not null,
    attempts      int not null default 0,
    delivered_at  timestamptz,
    failed_at     timestamptz,
    last_error    text,
    created_at    timestamptz not null default now(),
    unique (subscriber_id, event_key)
);
