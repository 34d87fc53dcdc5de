-- Andon foundation: users, tokens, the service catalog and the event log.

create table users (
    id            bigint generated always as identity primary key,
    username      text not null unique,
    display_name  text not null,
    email         text,
    role          text not null default 'member' check (role in ('admin', 'member')),
    password_hash text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table api_tokens (
    id           bigint generated always as identity primary key,
    user_id      bigint not null references users (id) on delete cascade,
    name         text not null,
    token_hash   text not null unique,
    token_prefix text not null,
    scopes       text[] not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create table teams (
    id              bigint generated always as identity primary key,
    slug            text not null unique,
    name            text not null,
    description     text not null default '',
    contact_channel text not null default '',
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create table team_members (
    team_id bigint not null references teams (id) on delete cascade,
    user_id bigint not null references users (id) on delete cascade,
    primary key (team_id, user_id)
);
create index team_members_user on team_members (user_id);

create table systems (
    id            bigint generated always as identity primary key,
    slug          text not null unique,
    name          text not null,
    description   text not null default '',
    owner_team_id bigint references teams (id) on delete restrict,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table services (
    id            bigint generated always as identity primary key,
    slug          text not null unique,
    name          text not null,
    description   text not null default '',
    type          text not null default 'service',
    tier          int  not null default 3 check (tier between 1 and 4),
    lifecycle     text not null default 'production' check (lifecycle in ('experimental', 'production', 'deprecated')),
    owner_team_id bigint references teams (id) on delete restrict,
    system_id     bigint references systems (id) on delete set null,
    tags          text[] not null default '{}',
    links         jsonb not null default '[]',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index services_owner on services (owner_team_id);

create table service_dependencies (
    service_id    bigint not null references services (id) on delete cascade,
    depends_on_id bigint not null references services (id) on delete restrict,
    kind          text not null default 'hard' check (kind in ('hard', 'soft')),
    primary key (service_id, depends_on_id),
    check (service_id <> depends_on_id)
);
create index service_dependencies_reverse on service_dependencies (depends_on_id);

-- One append-only log of everything that happens. Timelines and audit trails are queries over it.
create table events (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    actor       text not null,
    kind        text not null,
    object_type text not null,
    object_key  text not null,
    before      jsonb,
    after       jsonb
);
create index events_object on events (object_type, object_key, id desc);
create index events_time on events (occurred_at desc);
