-- andon_ingest_triggers as V13 left it, but for how it learns what a duplicate changed. V13 read
-- the open alerts' severity before the upsert in a CTE joined to the upsert's rows at the end; with
-- the generic plan's estimate of one row, that join ran the CTE again for every row: a batch of n
-- duplicates cost n x n comparisons (1,000 duplicates: 160 ms of a 200 ms call). PostgreSQL 18's
-- RETURNING old.* gives the value before the update directly.
create or replace function andon_ingest_triggers(
    p_integration bigint[], p_origin text[], p_origin_ref text[], p_service bigint[], p_dedup_key text[], p_severity text[],
    p_summary text[], p_source text[], p_component text[], p_alert_group text[], p_alert_class text[], p_details text[],
    p_links text[], p_images text[], p_client text[], p_client_url text[], p_am_group_key text[], p_source_time timestamptz[],
    p_created_at timestamptz[], p_last_event_at timestamptz[], p_dedup_count int[], p_suppressed_by bigint[],
    p_auto_resolve_at timestamptz[], p_actor text[], p_triggered text[], p_suppressed text[],
    g_service bigint[], g_severity text[], g_title text[], g_opened timestamptz[], g_page_state text[],
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
    exclusive  boolean  := false;
    urgent     int;
    missing    int;
    locked     int;
begin
    -- Each service's open group, locked, or opened. Adding alerts that change neither its status nor
    -- its severity (a storm) takes a share lock: several writers add to one group at once, and
    -- anything that changes the group (a refresh, a resolve, paging) waits for them, as they wait
    -- for it. A batch that will refresh the group locks it for update up front, decided on an
    -- unlocked read and checked on the locked row: two share holders both upgrading deadlock (and
    -- PostgreSQL fails one after deadlock_timeout, a second's stall).
    -- A group resolved by another transaction meanwhile is not found open, so a new one opens; one
    -- opened by another meanwhile is found by the next round's select.
    for i in 1 .. coalesce(array_length(g_service, 1), 0) loop
        gid := null;
        -- The most urgent severity this batch brings to the service, and whether a refresh will
        -- follow: the group is not triggered, a row is more urgent than it, or a duplicate changes
        -- an open alert's severity (looked up only for rows of another severity than the group's:
        -- a storm of one severity costs no lookup). One statement: each costs an executor start.
        select b.urgent,
               coalesce(g.status <> 'triggered' or b.urgent < array_position(array['critical', 'error', 'warning', 'info'], g.severity)
                   or exists (select 1
                              from unnest(p_integration, p_service, p_dedup_key, p_severity) as r(integration_id, service_id, dedup_key, severity)
                              join alerts a on coalesce(a.integration_id, 0) = coalesce(r.integration_id, 0) and a.dedup_key = r.dedup_key
                                               and a.status <> 'resolved'
                              where r.service_id = g_service[i] and r.severity <> g.severity and a.severity <> r.severity), false)
        into urgent, exclusive
        from (select min(array_position(array['critical', 'error', 'warning', 'info'], r.s)) as urgent
              from unnest(p_service, p_severity) as r(service_id, s) where r.service_id = g_service[i]) b
             left join alert_groups g on g.service_id = g_service[i] and g.resolved_at is null;
        for attempt in 1 .. 5 loop
            if exclusive then
                select id, status, severity into gid, gstatus, gseverity from alert_groups
                where service_id = g_service[i] and resolved_at is null
                for no key update;
            else
                select id, status, severity into gid, gstatus, gseverity from alert_groups
                where service_id = g_service[i] and resolved_at is null
                for share;
            end if;
            if found and not exclusive
                    and (gstatus <> 'triggered' or urgent < array_position(array['critical', 'error', 'warning', 'info'], gseverity)) then
                -- Changed since the unlocked read (rare): upgrade, as the refresh below would.
                perform 1 from alert_groups where id = gid for no key update;
                exclusive := true;
            end if;
            exit when found;
            insert into alert_groups (service_id, severity, title, opened_at, page_state, suppressed_by)
            values (g_service[i], g_severity[i], g_title[i], g_opened[i], g_page_state[i],
                    (select w.id from maintenance_windows w where w.id = g_suppressed_by[i]))
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
    -- What andon_lock_alert_parents does, inline (a nested call costs its own statements): the
    -- integrations the rows name, locked once; one deleted meanwhile fails the batch.
    select count(*) filter (where i.id is null), count(*) into missing, locked
    from (select distinct r.id from unnest(p_integration) as r(id) where r.id is not null) r
         left join lateral (select id from integrations where id = r.id for key share) i on true;
    if missing > 0 then
        raise exception 'an integration of the batch no longer exists' using errcode = '23503';
    end if;
    if array_remove(p_suppressed_by, null) <> '{}' then
        perform 1 from maintenance_windows where id = any (p_suppressed_by) order by id for key share;
    end if;

    -- Open or deduplicate on the one-open-alert-per-key index; new alerts get their timeline's
    -- first lines.
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
        -- old.severity: what a duplicate's alert said before this update (null for a new alert).
        returning a.id, coalesce(a.integration_id, 0) as scope, a.dedup_key, a.dedup_count, a.group_id, a.service_id, a.severity,
                  old.severity as prior_severity),
    -- A row found open has counted at least one duplicate more than the row carried: the rest are new.
    rows as (
        select ins.id, ins.group_id, ins.service_id, ins.severity, ins.prior_severity, ins.dedup_count = u.dedup_count as created,
               u.created_at, u.actor, u.triggered, u.suppressed, u.ord
        from ins join u on coalesce(u.integration_id, 0) = ins.scope and u.dedup_key = ins.dedup_key),
    timeline as (
        insert into alert_log (alert_id, at, kind, actor, detail)
        select id, created_at, kind, who, detail::jsonb
        from (select id, created_at, 'triggered' as kind, actor as who, triggered as detail, ord, 1 as step from rows where created
              union all
              select id, created_at, 'suppressed', 'andon', suppressed, ord, 2 from rows where created and suppressed is not null) t
        order by ord, step)
    -- The groups' status and severity can change only when a new alert is more urgent than its
    -- group or joins one that is not triggered, or a duplicate changes an open alert's severity.
    select count(*) filter (where rows.created),
           coalesce(bool_or(case
               when rows.created then statuses[array_position(g_service, rows.service_id)] <> 'triggered'
                   or array_position(array['critical', 'error', 'warning', 'info'], rows.severity)
                      < array_position(array['critical', 'error', 'warning', 'info'], severities[array_position(g_service, rows.service_id)])
               else rows.severity <> severities[array_position(g_service, rows.service_id)]
                   and rows.prior_severity <> rows.severity end), false)
    into opened, refresh
    from rows;

    -- Under a share lock only when the group changed between the unlocked read and the lock (rare):
    -- the refresh then upgrades; should two writers do so at once, PostgreSQL fails one, which its
    -- writer retries.
    if refresh then
        perform andon_refresh_groups(group_ids, p_now);
    end if;
    return opened;
end
$$;
