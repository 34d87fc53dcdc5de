package dev.andon.server.postmortems;

import static dev.andon.server.database.SqlTimes.instant;
import static dev.andon.server.database.SqlTimes.utc;

import dev.andon.catalog.CatalogException;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.postmortems.FactorType;
import dev.andon.postmortems.PostmortemStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The postmortem library: every postmortem found by PostgreSQL full-text search ("english" over the
 * title, the sections, the tags, the timeline and the contributing factors with their whys) and
 * narrowed by service, tag, severity, contributing-factor type and status.
 */
@Component
public class PostmortemLibrary {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    static final int MAX_QUERY = 500;
    /**
     * ts_headline's highlight marks: control characters nobody types (removed from the text first),
     * so the snippet can be HTML-escaped whole and the marks turned into {@code <mark>} afterwards.
     */
    private static final char START = '\u0002';
    private static final char STOP = '\u0003';
    private static final int PLAIN_SNIPPET = 240;

    private final DSLContext sql;
    private final Clock clock;

    public PostmortemLibrary(DSLContext sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** What to look for; blank fields do not filter, a blank {@code text} lists everything newest first. */
    public record Search(String text, String service, String tag, String severity, String factorType, String status, Integer limit) {
        public static Search all() {
            return new Search(null, null, null, null, null, null, null);
        }
    }

    /**
     * One postmortem found. {@code snippet} is HTML: the text around the matches, escaped, with the
     * matched words in {@code <mark>}; without a query, the start of the text. {@code overdue}: not
     * published and past its due time.
     */
    public record Result(long id, long incident, String title, IncidentSeverity severity, PostmortemStatus status, List<String> services,
                         List<String> tags, List<FactorType> factorTypes, Instant dueAt, boolean overdue, Instant publishedAt, Instant createdAt,
                         String snippet) {
        public String reference() {
            return "INC-" + incident;
        }
    }

    // The document: title (weight A); summary, tags and factors (B); the other sections (C); the timeline (D).
    private static final String TEXTS = """
            cross join lateral (select
                coalesce((select string_agg(t.body, E'\\n' order by t.at, t.id) from postmortem_timeline t where t.postmortem_id = p.id), '') as timeline,
                coalesce((select string_agg(concat_ws(E'\\n', f.description, array_to_string(f.whys, E'\\n')), E'\\n' order by f.position, f.id)
                          from postmortem_factors f where f.postmortem_id = p.id), '') as factors) x
            cross join lateral (select translate(concat_ws(E'\\n', p.summary, p.impact, p.detection, p.response, p.went_well, p.went_badly,
                p.got_lucky, x.factors, x.timeline), chr(2) || chr(3), '') as body) b
            """;
    private static final String VECTOR = """
            (setweight(to_tsvector('english', p.title), 'A')
             || setweight(to_tsvector('english', concat_ws(' ', p.summary, array_to_string(p.tags, ' '), x.factors)), 'B')
             || setweight(to_tsvector('english', concat_ws(' ', p.impact, p.detection, p.response, p.went_well, p.went_badly, p.got_lucky)), 'C')
             || setweight(to_tsvector('english', x.timeline), 'D'))""";
    private static final String COLUMNS = """
            p.id, i.number, p.title, i.severity, p.status, p.tags, p.due_at, p.published_at, p.created_at, b.body,
            (select coalesce(array_agg(s.slug order by s.slug), '{}') from incident_services v join services s on s.id = v.service_id
             where v.incident_id = i.id) as services,
            (select coalesce(array_agg(distinct f.type), '{}') from postmortem_factors f where f.postmortem_id = p.id) as factor_types""";

    public List<Result> search(Search search) {
        String text = search.text() == null ? "" : search.text().strip();
        if (text.length() > MAX_QUERY) {
            throw new CatalogException(CatalogException.Code.INVALID, "q", "is " + text.length() + " characters long; search with at most " + MAX_QUERY);
        }
        int limit = search.limit() == null ? DEFAULT_LIMIT : search.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CatalogException(CatalogException.Code.INVALID, "limit", "'" + limit + "' is not between 1 and " + MAX_LIMIT);
        }
        StringBuilder where = new StringBuilder();
        List<Object> filterBinds = new ArrayList<>();
        filters(search, where, filterBinds);

        List<Object> binds = new ArrayList<>();
        String query;
        if (text.isEmpty()) {
            // The page of ids first, so the documents are assembled only for the rows shown.
            query = "select " + COLUMNS + ", null::text as snippet from (select p.id from postmortems p join incidents i on i.id = p.incident_id"
                    + " where true" + where + " order by p.created_at desc, p.id desc limit ?) shown\n"
                    + " join postmortems p on p.id = shown.id join incidents i on i.id = p.incident_id\n" + TEXTS
                    + " order by p.created_at desc, p.id desc";
            binds.addAll(filterBinds);
        } else {
            // Ranked and cut in the inner query, so ts_headline (the costly part) runs only for the rows shown.
            query = """
                    with q as (select websearch_to_tsquery('english', ?) as query)
                    select d.*, ts_headline('english', d.body, q.query,
                             'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as snippet
                    from (select\s""" + COLUMNS + ", ts_rank(" + VECTOR + ", q.query) as rank\n"
                    + " from q cross join postmortems p join incidents i on i.id = p.incident_id\n" + TEXTS
                    + " where " + VECTOR + " @@ q.query" + where + " order by rank desc, p.created_at desc, p.id desc limit ?) d cross join q"
                    + " order by d.rank desc, d.created_at desc, d.id desc";
            binds.add(text);
            binds.addAll(filterBinds);
        }
        binds.add(limit);
        Instant now = clock.instant();
        return sql.resultQuery(query, binds.toArray()).fetch(r -> result(r, now));
    }

    private void filters(Search search, StringBuilder where, List<Object> binds) {
        if (present(search.service())) {
            String slug = search.service().strip();
            if (sql.resultQuery("select 1 from services where slug = ?", slug).fetch().isEmpty()) {
                throw new CatalogException(CatalogException.Code.INVALID, "service", "There is no service '" + slug + "'; see /api/v1/services");
            }
            where.append(" and exists (select 1 from incident_services v join services s on s.id = v.service_id where v.incident_id = i.id and s.slug = ?)");
            binds.add(slug);
        }
        if (present(search.tag())) {
            where.append(" and ? = any (p.tags)");
            binds.add(search.tag().strip());
        }
        if (present(search.severity())) {
            IncidentSeverity severity = IncidentSeverity.parse(search.severity());
            if (severity == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "severity", "'" + search.severity() + "' is not one of SEV1, SEV2, SEV3, SEV4, SEV5");
            }
            where.append(" and i.severity = ?");
            binds.add(severity.name());
        }
        if (present(search.factorType())) {
            FactorType type = FactorType.parse(search.factorType());
            if (type == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "factorType",
                        "'" + search.factorType() + "' is not one of technical, process, communication, external");
            }
            where.append(" and exists (select 1 from postmortem_factors f where f.postmortem_id = p.id and f.type = ?)");
            binds.add(type.key());
        }
        if (present(search.status())) {
            PostmortemStatus status = PostmortemStatus.parse(search.status());
            if (status == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "status", "'" + search.status() + "' is not one of draft, in_review, published");
            }
            where.append(" and p.status = ?");
            binds.add(status.key());
        }
    }

    /** Every tag used on a postmortem, for the library's tag filter. */
    public List<String> tags() {
        return sql.resultQuery("select distinct unnest(tags) as tag from postmortems order by 1").fetch(0, String.class);
    }

    /** Whether a postmortem exists, so an action item on a missing one is refused by name instead of by a foreign key. */
    public boolean exists(long postmortemId) {
        return !sql.resultQuery("select 1 from postmortems where id = ?", postmortemId).fetch().isEmpty();
    }

    private static Result result(Record r, Instant now) {
        PostmortemStatus status = PostmortemStatus.parse(r.get("status", String.class));
        Instant dueAt = instant(r, "due_at");
        String snippet = r.get("snippet", String.class);
        return new Result(r.get("id", Long.class), r.get("number", Long.class), r.get("title", String.class),
                IncidentSeverity.parse(r.get("severity", String.class)), status, strings(r, "services"), strings(r, "tags"),
                strings(r, "factor_types").stream().map(FactorType::parse).filter(Objects::nonNull).sorted().toList(), dueAt,
                status != PostmortemStatus.PUBLISHED && dueAt != null && dueAt.isBefore(now), instant(r, "published_at"), instant(r, "created_at"),
                snippet == null ? plain(r.get("body", String.class)) : highlighted(snippet));
    }

    /**
     * Escapes the headline (whitespace collapsed) and turns its marks into {@code <mark>}. PostgreSQL's
     * parser reads {@code <b>}-like words as HTML tags and leaves them out of headlines; the rest is kept.
     */
    static String highlighted(String headline) {
        return HtmlUtils.htmlEscape(headline.replaceAll("\\s+", " ").strip()).replace(String.valueOf(START), "<mark>")
                .replace(String.valueOf(STOP), "</mark>");
    }

    /** The start of the text, whitespace collapsed, escaped. */
    static String plain(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        if (text.length() > PLAIN_SNIPPET) {
            int cut = text.lastIndexOf(' ', PLAIN_SNIPPET);
            text = text.substring(0, cut > PLAIN_SNIPPET / 2 ? cut : PLAIN_SNIPPET) + " …";
        }
        return HtmlUtils.htmlEscape(text);
    }

    private static List<String> strings(Record r, String field) {
        String[] values = r.get(field, String[].class);
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

}
