-- The learning half of the loop: blameless postmortems drafted from resolved incidents, action
-- items tracked to done, and pre-mortems whose risks stay linked to the services they foresaw.

create table postmortems (
    id              bigint generated always as identity primary key,
    -- One postmortem per incident.
    incident_id     bigint not null unique references incidents (id) on delete cascade,
    title           text not null,
    status          text not null default 'draft' check (status in ('draft', 'in_review', 'published')),
    -- The owner writes it (the incident commander by default); the facilitator runs the review and
    -- was not in the response. Both are optional so a deleted user leaves the document intact.
    owner_id        bigint references users (id) on delete set null,
    facilitator_id  bigint references users (id) on delete set null,
    due_at          timestamptz not null,
    -- Sections, Markdown.
    summary         text not null default '',
    impact          text not null default '',
    detection       text not null default '',
    response        text not null default '',
    went_well       text not null default '',
    went_badly      text not null default '',
    got_lucky       text not null default '',
    tags            text[] not null default '{}',
    -- Set when it was published with open blameless-language flags: why the flags were overridden.
    override_reason text,
    published_at    timestamptz,
    published_by    text,
    -- The last reminder sent to the owner of an overdue draft (one a day at most).
    reminded_at     timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index postmortems_status on postmortems (status, due_at);

-- The postmortem's own timeline: copied from the incident's UTC timeline when drafted, then edited.
create table postmortem_timeline (
    id            bigint generated always as identity primary key,
    postmortem_id bigint not null references postmortems (id) on delete cascade,
    at            timestamptz not null,
    source        text not null default 'postmortem',
    kind          text not null default 'note',
    actor         text not null default '',
    body          text not null
);
create index postmortem_timeline_postmortem on postmortem_timeline (postmortem_id, at);

-- Contributing factors (never one root cause), typed, each with its chain of "why?" answers.
create table postmortem_factors (
    id            bigint generated always as identity primary key,
    postmortem_id bigint not null references postmortems (id) on delete cascade,
    type          text not null check (type in ('technical', 'process', 'communication', 'external')),
    description   text not null,
    whys          text[] not null default '{}',
    position      int not null default 0
);
create index postmortem_factors_postmortem on postmortem_factors (postmortem_id, position);

create table postmortem_reviewers (
    postmortem_id bigint not null references postmortems (id) on delete cascade,
    user_id       bigint not null references users (id) on delete cascade,
    primary key (postmortem_id, user_id)
);

-- Review comments, each on one section.
create table postmortem_comments (
    id            bigint generated always as identity primary key,
    postmortem_id bigint not null references postmortems (id) on delete cascade,
    section       text not null,
    author        text not null,
    body          text not null,
    created_at    timestamptz not null,
    resolved_at   timestamptz,
    resolved_by   text
);
create index postmortem_comments_postmortem on postmortem_comments (postmortem_id, created_at);

create table premortems (
    id             bigint generated always as identity primary key,
    title          text not null,
    -- The launch it is about, and when.
    launch         text not null default '',
    launch_date    date,
    facilitator_id bigint references users (id) on delete set null,
    -- writing: participants write risks privately until writing_ends_at (the time box) or the
    -- facilitator reveals; revealed: risks are shown, merged and counted; closed: mitigations set.
    phase          text not null default 'writing' check (phase in ('writing', 'revealed', 'closed')),
    writing_ends_at timestamptz not null,
    revealed_at    timestamptz,
    created_by     text not null,
    created_at     timestamptz not null default now()
);

create table premortem_services (
    premortem_id bigint not null references premortems (id) on delete cascade,
    service_id   bigint not null references services (id) on delete cascade,
    primary key (premortem_id, service_id)
);
create index premortem_services_service on premortem_services (service_id);

create table premortem_participants (
    premortem_id bigint not null references premortems (id) on delete cascade,
    user_id      bigint not null references users (id) on delete cascade,
    primary key (premortem_id, user_id)
);

-- A risk as one participant wrote it. Merging points a risk at the one it duplicates; the count of
-- a risk is the number of distinct authors among it and everything merged into it.
create table premortem_risks (
    id           bigint generated always as identity primary key,
    premortem_id bigint not null references premortems (id) on delete cascade,
    author_id    bigint references users (id) on delete set null,
    body         text not null,
    merged_into  bigint references premortem_risks (id) on delete set null,
    created_at   timestamptz not null
);
create index premortem_risks_premortem on premortem_risks (premortem_id);

-- "This was foreseen": a risk a responder or reviewer linked to a later incident.
create table premortem_risk_incidents (
    risk_id     bigint not null references premortem_risks (id) on delete cascade,
    incident_id bigint not null references incidents (id) on delete cascade,
    linked_by   text not null,
    linked_at   timestamptz not null,
    primary key (risk_id, incident_id)
);

-- Action items come out of postmortems (remediation) and pre-mortems (mitigations of risks).
create table action_items (
    id            bigint generated always as identity primary key,
    postmortem_id bigint references postmortems (id) on delete cascade,
    premortem_id  bigint references premortems (id) on delete cascade,
    risk_id       bigint references premortem_risks (id) on delete set null,
    title         text not null,
    description   text not null default '',
    owner_id      bigint references users (id) on delete set null,
    -- The team whose overdue list it is on: given, or the owning team of the incident's first service.
    team_id       bigint references teams (id) on delete set null,
    due_date      date not null,
    priority      text not null check (priority in ('high', 'medium', 'low')),
    type          text not null check (type in ('prevent', 'mitigate', 'detect', 'process')),
    tracker_url   text,
    status        text not null default 'open' check (status in ('open', 'in_progress', 'done', 'wont_do')),
    created_by    text not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    -- When it reached done or won't do.
    closed_at     timestamptz
);
create index action_items_postmortem on action_items (postmortem_id);
create index action_items_open on action_items (due_date) where status in ('open', 'in_progress');
create index action_items_team on action_items (team_id);

-- One row per reminder sent, so each (item, reminder) is sent once even when two nodes run the sweep.
create table action_item_reminders (
    action_item_id bigint not null references action_items (id) on delete cascade,
    reminder       text not null,
    sent_at        timestamptz not null,
    primary key (action_item_id, reminder)
);
