-- Alerts and their timelines keep no foreign keys: checked row by row, they cost more than the
-- insert itself (five checks per new alert, about 60 % of a storm batch's time in PostgreSQL).
-- Ingestion locks the rows it refers to once per batch instead (andon_lock_alert_parents, called
-- by andon_ingest_triggers below and by the general path), and deleting a service, an integration, a group, a maintenance window or an
-- alert does what the foreign keys did, through the statement triggers at the end of this file.
alter table alerts
    drop constraint alerts_integration_id_fkey,
    drop constraint alerts_service_id_fkey,
    drop constraint alerts_group_id_fkey,
    drop constraint alerts_suppressed_by_fkey;
alter table alert_log drop constraint alert_log_alert_id_fkey;

-- Locks the integrations a batch of new alerts refers to, as the foreign keys did row by row: one
-- deleted meanwhile fails the batch (23503, as a foreign key would), and one being deleted waits for
-- the batch, whose alerts its trigger then sees. Services need no lock here: new alerts join their
-- service's open group, whose row the batch has locked (or inserted, checked by alert_groups' own
-- foreign key), and deleting a service deletes its groups first.
create function andon_lock_alert_parents(p_integrations bigint[], p_windows bigint[]) returns void
    language plpgsql as
$$
declare
    wanted int;
    locked int;
begin
    select count(distinct i) into wanted from unnest(p_integrations) i where i is not null;
    if wanted > 0 then
        select count(*) into locked from (select id from integrations where id = any (p_integrations) order by id for key share) l;
        if locked <> wanted then
            raise exception 'an integration of the batch no longer exists' using errcode = '23503';
        end if;
    end if;
    -- A window deleted meanwhile just does not suppress (the insert reads it as null).
    if cardinality(p_windows) > 0 then
        perform 1 from maintenance_windows where id = any (p_windows) order by id for key share;
    end if;
end
$$;

-- The common case of alert ingestion, a batch of triggers only (a storm, or Alertmanager re-sending
-- what still fires), in one call: run on its own (autocommit) it is one round trip to the database
-- for the whole batch, commit included, where the general path takes six. Round trips, not the
-- rows, are what a batch costs on a small machine (bench/RESULTS.md, alert ingestion).
--
-- The p_ arrays hold one row per (integration, dedup key) of the batch, in arrival order: several
-- triggers for one key arrive as one row whose dedup_count is how many followed the first. The g_
-- arrays hold one row per service of the batch, in service id order (the order groups are locked
-- in): what the service's group opens with when it has none. Returns how many alerts it opened;
-- the other rows deduplicated into alerts already open.
create function andon_ingest_triggers(
    p_integration bigint[], p_origin text[], p_origin_ref text[], p_service bigint[], p_dedup_key text[], p_severity text[],
    p_summary text[], p_source text[], p_component text[], p_alert_group text[], p_alert_class text[], p_details text[],
    p_links text[], p_images text[], p_client text[], p_client_url text[], p_am_group_key text[], p_source_time timestamptz[],
    p_created_at timestamptz[], p_last_event_at timestamptz[], p_dedup_count int[], p_suppressed_by bigint[],
    p_auto_resolve_at timestamptz[], p_actor text[], p_triggered text[], p_suppressed text[],
    g_service bigint[], g_severity text[], g_title text[], g_opened timestamptz[], g_last timestamptz[], g_page_state text[],
    g_suppressed_by bigint[], p_now timestamptz) returns int
    language plpgsql
    -- Planning the upsert for each batch cost more than running it for a storm's 16 rows (0.7 ms):
    -- its plan does not depend on the arrays' contents, so plan it once per connection.
    set plan_cache_mode = force_generic_plan as
$$
declare
    group_ids  bigint[] := '{}';
    statuses   text[]   := '{}';
    severities text[]   := '{}';
    gid        bigint;
    gstatus    text;
    gseverity  text;
    opened     int;
    refresh    boolean;
begin
    -- Each service's open group, locked (a writer adding alerts to a group holds its lock until
    -- commit, see andon_refresh_groups), or opened. A group resolved by another transaction
    -- meanwhile is not found open, so a new one opens; one opened by another meanwhile is found by
    -- the next round's update.
    for i in 1 .. coalesce(array_length(g_service, 1), 0) loop
        gid := null;
        for attempt in 1 .. 5 loop
            -- Locked, not updated: the one update comes with the counts below (a second update of a
            -- row this transaction already changed would also re-check its foreign key).
            select id, status, severity into gid, gstatus, gseverity from alert_groups
            where service_id = g_service[i] and resolved_at is null
            for update;
            exit when found;
            insert into alert_groups (service_id, severity, title, opened_at, last_alert_at, page_state, suppressed_by, alert_count)
            values (g_service[i], g_severity[i], g_title[i], g_opened[i], g_last[i], g_page_state[i],
                    (select w.id from maintenance_windows w where w.id = g_suppressed_by[i]), 0)
            on conflict (service_id) where resolved_at is null do nothing
            returning id, status, severity into gid, gstatus, gseverity;
            exit when found;
        end loop;
        if gid is null then
            raise exception 'no open alert group for service %', g_service[i] using errcode = '40P01';
        end if;
        group_ids := group_ids || gid;
        statuses := statuses || gstatus;
        severities := severities || gseverity;
    end loop;
    perform andon_lock_alert_parents(p_integration, p_suppressed_by);

    -- Open or deduplicate on the one-open-alert-per-key index; new alerts get their timeline's
    -- first lines and are counted on their group.
    with u as (
        select *
        from unnest(p_integration, p_origin, p_origin_ref, p_service, p_dedup_key, p_severity, p_summary, p_source, p_component,
                    p_alert_group, p_alert_class, p_details, p_links, p_images, p_client, p_client_url, p_am_group_key, p_source_time,
                    p_created_at, p_last_event_at, p_dedup_count, p_suppressed_by, p_auto_resolve_at, p_actor, p_triggered, p_suppressed)
             with ordinality as u(integration_id, origin, origin_ref, service_id, dedup_key, severity, summary, source, component,
                                  alert_group, alert_class, details, links, images, client, client_url, am_group_key, source_time,
                                  created_at, last_event_at, dedup_count, suppressed_by, auto_resolve_at, actor, triggered, suppressed, ord)),
    ins as (
        insert into alerts as a (integration_id, origin, origin_ref, service_id, group_id, dedup_key, status, severity, summary, source,
                                 component, alert_group, alert_class, custom_details, links, images, client, client_url, am_group_key,
                                 source_time, created_at, last_event_at, dedup_count, suppressed_by, auto_resolve_at)
        select integration_id, origin, origin_ref, service_id, group_ids[array_position(g_service, service_id)], dedup_key, 'triggered',
               severity, summary, source, component, alert_group, alert_class, details::jsonb, links::jsonb, images::jsonb, client,
               client_url, am_group_key, source_time, created_at, last_event_at, dedup_count,
               (select w.id from maintenance_windows w where w.id = u.suppressed_by), auto_resolve_at
        from u
        order by ord
        on conflict ((coalesce(integration_id, 0)), dedup_key) where status <> 'resolved' do update set
            severity        = excluded.severity,
            summary         = excluded.summary,
            source          = coalesce(excluded.source, a.source),
            custom_details  = coalesce(excluded.custom_details, a.custom_details),
            links           = case when excluded.links = '[]'::jsonb then a.links else excluded.links end,
            source_time     = coalesce(excluded.source_time, a.source_time),
            last_event_at   = greatest(a.last_event_at, excluded.last_event_at),
            dedup_count     = a.dedup_count + excluded.dedup_count + 1,
            auto_resolve_at = coalesce(excluded.auto_resolve_at, a.auto_resolve_at),
            am_group_key    = coalesce(excluded.am_group_key, a.am_group_key)
        returning a.id, coalesce(a.integration_id, 0) as scope, a.dedup_key, a.dedup_count, a.group_id, a.service_id, a.severity),
    -- A row found open has counted at least one duplicate more than the row carried: the rest are new.
    rows as (
        select ins.id, ins.group_id, ins.service_id, ins.severity, ins.dedup_count = u.dedup_count as created,
               u.created_at, u.actor, u.triggered, u.suppressed, u.ord
        from ins join u on coalesce(u.integration_id, 0) = ins.scope and u.dedup_key = ins.dedup_key),
    timeline as (
        insert into alert_log (alert_id, at, kind, actor, detail)
        select id, created_at, kind, who, detail::jsonb
        from (select id, created_at, 'triggered' as kind, actor as who, triggered as detail, ord, 1 as step from rows where created
              union all
              select id, created_at, 'suppressed', 'andon', suppressed, ord, 2 from rows where created and suppressed is not null) t
        order by ord, step),
    counted as (
        update alert_groups g set alert_count = g.alert_count + coalesce(c.n, 0), last_alert_at = greatest(g.last_alert_at, l.at)
        from unnest(group_ids, g_last) as l(id, at)
             left join (select group_id, count(*) as n from rows where created group by group_id) c on c.group_id = l.id
        where g.id = l.id)
    -- The groups' status and severity can change only when a new alert is more urgent than its
    -- group or joins one that is not triggered, or a duplicate changes an open alert's severity.
    select count(*) filter (where created),
           coalesce(bool_or(case
               when created then statuses[array_position(g_service, service_id)] <> 'triggered'
                   or array_position(array['critical', 'error', 'warning', 'info'], severity)
                      < array_position(array['critical', 'error', 'warning', 'info'], severities[array_position(g_service, service_id)])
               else severity <> severities[array_position(g_service, service_id)] end), false)
    into opened, refresh
    from rows;

    if refresh then
        perform andon_refresh_groups(group_ids, p_now);
    end if;
    return opened;
end
$$;

-- What the dropped foreign keys did when a row they pointed at is deleted.
create function andon_alerts_parent_deleted() returns trigger
    language plpgsql as
$$
begin
    case tg_table_name
        when 'services' then
            delete from alerts a using deleted d where a.service_id = d.id;
        when 'integrations' then
            update alerts a set integration_id = null from deleted d where a.integration_id = d.id;
        when 'alert_groups' then
            update alerts a set group_id = null from deleted d where a.group_id = d.id;
        when 'maintenance_windows' then
            update alerts a set suppressed_by = null from deleted d where a.suppressed_by = d.id;
        when 'alerts' then
            delete from alert_log l using deleted d where l.alert_id = d.id;
    end case;
    return null;
end
$$;

create trigger services_alerts_deleted after delete on services
    referencing old table as deleted for each statement execute function andon_alerts_parent_deleted();
create trigger integrations_alerts_deleted after delete on integrations
    referencing old table as deleted for each statement execute function andon_alerts_parent_deleted();
create trigger alert_groups_alerts_deleted after delete on alert_groups
    referencing old table as deleted for each statement execute function andon_alerts_parent_deleted();
create trigger maintenance_windows_alerts_deleted after delete on maintenance_windows
    referencing old table as deleted for each statement execute function andon_alerts_parent_deleted();
create trigger alerts_log_deleted after delete on alerts
    referencing old table as deleted for each statement execute function andon_alerts_parent_deleted();
