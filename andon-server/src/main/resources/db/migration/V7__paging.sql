-- Paging: who is on call (schedules, overrides), who is paged in what order (escalation policies),
-- how people are reached (contact methods, notification rules), and the outbox of notifications.

-- Addresses that are credentials (Slack, Teams and webhook URLs) and webhook secrets are stored
-- encrypted (SecretBox), never in clear.
alter table users
    add column contact_methods    jsonb not null default '[]',
    add column notification_rules jsonb not null default '[]';

create table schedules (
    id         bigint generated always as identity primary key,
    slug       text not null unique,
    name       text not null,
    team_id    bigint references teams (id) on delete restrict,
    -- OnCallFields.json(schedule): timezone and layers, as the YAML kind writes them.
    spec       jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table schedule_overrides (
    id               bigint generated always as identity primary key,
    schedule_id      bigint not null references schedules (id) on delete cascade,
    user_id          bigint not null references users (id) on delete cascade,
    replaces_user_id bigint references users (id) on delete cascade,
    starts_at        timestamptz not null,
    ends_at          timestamptz not null,
    note             text not null default '',
    created_by       text not null,
    created_at       timestamptz not null default now(),
    check (ends_at > starts_at)
);
create index schedule_overrides_schedule on schedule_overrides (schedule_id, ends_at);

create table escalation_policies (
    id         bigint generated always as identity primary key,
    slug       text not null unique,
    name       text not null,
    team_id    bigint references teams (id) on delete restrict,
    -- OnCallFields.json(policy): tiers and repeat.
    spec       jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

alter table services add column escalation_policy_id bigint references escalation_policies (id) on delete restrict;

-- One escalation per page of an alert group. It is started by the trigger below whenever a group
-- becomes ready to page (opened, re-triggered after an acknowledgement, out of maintenance), and
-- stopped by it when the group is acknowledged, resolved or suppressed: every path that changes a
-- group (ingestion, the inbox, sweeps, one-click links) goes through alert_groups.
create table escalations (
    id           bigint generated always as identity primary key,
    group_id     bigint not null references alert_groups (id) on delete cascade,
    policy_id    bigint references escalation_policies (id) on delete set null,
    state        text not null check (state in ('active', 'acknowledged', 'resolved', 'suppressed', 'reassigned', 'exhausted')),
    started_at   timestamptz not null,
    -- The next step to fire: loop * tiers + tier.
    step         int not null default 0,
    next_step_at timestamptz,
    assigned_to  bigint references users (id) on delete set null,
    ended_at     timestamptz,
    ended_by     text
);
create unique index escalations_active_group on escalations (group_id) where state = 'active';
create index escalations_group on escalations (group_id, id);

-- A step that fired, once: the primary key makes a step that runs again (a node died after its
-- commit, before db-scheduler recorded it done) a no-op.
create table escalation_steps (
    escalation_id bigint not null references escalations (id) on delete cascade,
    step          int not null,
    due_at        timestamptz not null,
    fired_at      timestamptz not null,
    tier          int not null,
    round         int not null,
    paged         jsonb not null,
    primary key (escalation_id, step)
);

-- The outbox: each row is one message to one person on one contact method, delivered by the
-- db-scheduler task 'notification' with retries; the idempotency key travels with every attempt.
create table notifications (
    id              bigint generated always as identity primary key,
    idempotency_key text not null unique,
    group_id        bigint references alert_groups (id) on delete cascade,
    escalation_id   bigint references escalations (id) on delete cascade,
    user_id         bigint references users (id) on delete cascade,
    -- 'page' from an escalation (cancelled once the group is acknowledged, resolved or suppressed);
    -- 'reassign' to whoever a page was handed to (cancelled only by an acknowledgement after it, or resolve).
    kind            text not null check (kind in ('page', 'reassign', 'test')),
    channel         text not null check (channel in ('email', 'sms', 'voice', 'slack', 'teams', 'webhook')),
    contact_method  text not null,
    -- As it was when the page was decided, encrypted where it is a credential.
    address         text not null,
    secret          text,
    due_at          timestamptz not null,
    status          text not null check (status in ('pending', 'sent', 'failed', 'cancelled')),
    attempts        int not null default 0,
    last_result     text,
    sent_at         timestamptz,
    created_at      timestamptz not null
);
create index notifications_group on notifications (group_id, id);
create index notifications_user on notifications (user_id, created_at);
create index notifications_pending on notifications (group_id) where status = 'pending';

-- The paging part of an alert group's timeline: escalations, notifications and their attempts.
create table paging_log (
    id       bigint generated always as identity primary key,
    group_id bigint not null references alert_groups (id) on delete cascade,
    at       timestamptz not null,
    kind     text not null,
    actor    text not null,
    detail   jsonb
);
create index paging_log_group on paging_log (group_id, id);

-- One-click links work once: the id of each used link.
create table used_action_links (
    link_id text primary key,
    used_at timestamptz not null,
    used_by text not null
);

-- Groups are locked FOR NO KEY UPDATE (V6 said FOR UPDATE): an escalation step or a delivery that
-- inserts rows referencing the group (notifications, paging_log) takes a KEY SHARE lock on it, which
-- FOR UPDATE blocks; with the group's trigger waiting on the step's escalation row, that deadlocked.
create or replace function andon_refresh_groups(ids bigint[], at timestamptz) returns void
    language plpgsql as
$$
begin
    perform 1 from alert_groups where id = any (ids) order by id for no key update;
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

create function andon_page_groups() returns trigger
    language plpgsql as
$$
declare
    ready   boolean := new.status = 'triggered' and new.page_state = 'pending';
    was     boolean := tg_op = 'UPDATE' and old.status = 'triggered' and old.page_state = 'pending';
    started      bigint;
    stopped      bigint;
    stopped_step int;
    ended        text;
begin
    if ready and not was then
        insert into escalations (group_id, policy_id, state, started_at, step, next_step_at)
        select new.id, s.escalation_policy_id, 'active', now(), 0, now()
        from services s
        where s.id = new.service_id
        on conflict (group_id) where state = 'active' do nothing
        returning id into started;
        if started is not null then
            insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
            values ('escalation-step', started || ':0', now(), false, 1, 0)
            on conflict do nothing;
        end if;
    elsif was and not ready then
        ended := case when new.status = 'acknowledged' then 'acknowledged'
                      when new.status = 'resolved' then 'resolved'
                      else 'suppressed' end;
        update escalations set state = ended, ended_at = now(), next_step_at = null
        where group_id = new.id and state = 'active'
        returning id, step into stopped, stopped_step;
        if stopped is not null then
            delete from scheduled_tasks
            where task_name = 'escalation-step' and task_instance = stopped || ':' || stopped_step and not picked;
            insert into paging_log (group_id, at, kind, actor, detail)
            values (new.id, now(), 'escalation-stopped', 'andon', jsonb_build_object('reason', ended));
        end if;
        with cancelled as (
            update notifications set status = 'cancelled', last_result = 'cancelled: ' || ended
            where group_id = new.id and status = 'pending' and kind = 'page'
            returning id)
        delete from scheduled_tasks t
        using cancelled c
        where t.task_name = 'notification' and t.task_instance = c.id::text and not t.picked;
    end if;
    return new;
end
$$;

create trigger alert_groups_page after insert or update of status, page_state on alert_groups
    for each row execute function andon_page_groups();
