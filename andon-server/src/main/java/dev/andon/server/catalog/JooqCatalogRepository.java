package dev.andon.server.catalog;

import static dev.andon.server.jooq.Tables.CHECKS;
import static dev.andon.server.jooq.Tables.ESCALATION_POLICIES;
import static dev.andon.server.jooq.Tables.SCHEDULES;
import static dev.andon.server.jooq.Tables.HEARTBEATS;
import static dev.andon.server.jooq.Tables.SERVICES;
import static dev.andon.server.jooq.Tables.SERVICE_DEPENDENCIES;
import static dev.andon.server.jooq.Tables.SYSTEMS;
import static dev.andon.server.jooq.Tables.TEAMS;
import static dev.andon.server.jooq.Tables.TEAM_MEMBERS;
import static dev.andon.server.jooq.Tables.USERS;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogRepository;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.ContactType;
import dev.andon.oncall.NotificationRule;
import dev.andon.oncall.OnCallFields;
import dev.andon.probe.Durations;
import dev.andon.server.access.SecretBox;
import dev.andon.server.jooq.tables.Services;
import dev.andon.server.jooq.tables.records.UsersRecord;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The catalog on PostgreSQL. Slugs are resolved to ids here so the domain never sees ids. */
@Repository
public class JooqCatalogRepository implements CatalogRepository {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JooqCatalogRepository.class);
    private final SecretBox secrets;
    private static final TypeReference<List<Map<String, String>>> LINKS = new TypeReference<>() {};

    private final DSLContext sql;

    public JooqCatalogRepository(DSLContext sql, SecretBox secrets) {
        this.secrets = secrets;
        this.sql = sql;
    }

    @Override
    public void lockName(String objectType, String key) {
        sql.resultQuery("select pg_advisory_xact_lock(hashtext({0}))", DSL.val(objectType + "/" + key)).fetch();
    }

    // --- users

    @Override
    public List<User> users() {
        return sql.selectFrom(USERS).orderBy(USERS.USERNAME).fetch(this::toUser);
    }

    @Override
    public Optional<User> user(String username) {
        return users(USERS.USERNAME.eq(username)).stream().findFirst();
    }

    private List<User> users(Condition condition) {
        return sql.selectFrom(USERS).where(condition).fetch(record ->
                toUser(record));
    }

    @Override
    public void saveUser(User user) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(USERS.DISPLAY_NAME, user.displayName());
        values.put(USERS.EMAIL, user.email());
        values.put(USERS.ROLE, user.role().wireName());
        values.put(USERS.CONTACT_METHODS, JSONB.valueOf(storedContacts(user.contactMethods())));
        values.put(USERS.NOTIFICATION_RULES, JSONB.valueOf(OnCallFields.rulesJson(user.notificationRules()).toString()));
        sql.insertInto(USERS).set(USERS.USERNAME, user.username()).set(values)
                .onConflict(USERS.USERNAME).doUpdate().set(values).set(USERS.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    private User toUser(UsersRecord record) {
        List<ContactMethod> methods = new ArrayList<>();
        for (JsonNode method : JSON.readTree(record.getContactMethods().data())) {
            ContactType type = ContactType.parse(method.path("type").asString());
            try {
                methods.add(new ContactMethod(method.path("name").asString(), type, secrets.decrypt(method.path("address").asString()),
                        method.hasNonNull("secret") ? secrets.decrypt(method.get("secret").asString()) : null));
            } catch (IllegalStateException wrongKey) {
                // Stored under another key: this method cannot be used, the others (and paging) still can.
                log.warn("Contact method '{}' of user {} cannot be decrypted with this node's andon.secret-key; it is left out",
                        method.path("name").asString(), record.getUsername());
            }
        }
        List<NotificationRule> rules = new ArrayList<>();
        for (JsonNode rule : JSON.readTree(record.getNotificationRules().data())) {
            rules.add(new NotificationRule(rule.path("contactMethod").asString(), Durations.parseOrNull(rule.path("after").asString())));
        }
        return new User(record.getUsername(), record.getDisplayName(), record.getEmail(), User.Role.parse(record.getRole()), methods, rules);
    }

    /** Contact methods as stored: addresses that are credentials, and secrets, encrypted. */
    private String storedContacts(List<ContactMethod> methods) {
        ArrayNode stored = JSON.createArrayNode();
        for (ContactMethod method : methods) {
            ObjectNode node = stored.addObject();
            node.put("name", method.name());
            node.put("type", method.type().text());
            node.put("address", method.type().addressIsSecret() ? secrets.encrypt(method.address()) : method.address());
            if (method.secret() != null) {
                node.put("secret", secrets.encrypt(method.secret()));
            }
        }
        return stored.toString();
    }

    @Override
    public boolean deleteUser(String username) {
        List<String> inUse = sql.resultQuery("""
                select 'schedule ' || slug from schedules s
                where exists (select 1 from jsonb_array_elements(s.spec -> 'layers') layer where layer -> 'users' @> jsonb_build_array({0}::text))
                union all
                select 'escalation policy ' || slug from escalation_policies p
                where exists (select 1 from jsonb_array_elements(p.spec -> 'tiers') tier, jsonb_array_elements(tier -> 'targets') target
                              where target ->> 'user' = {0}::text)
                union all
                select r.role || ' of open incident INC-' || i.number from incident_roles r join incidents i on i.id = r.incident_id
                join users u on u.id = r.user_id where u.username = {0}::text and i.status <> 'resolved'
                order by 1""", DSL.val(username)).fetch(0, String.class);
        if (!inUse.isEmpty()) {
            throw new CatalogException(CatalogException.Code.IN_USE, "username", "user '" + username + "' is still needed by "
                    + String.join(", ", inUse) + ": take them out of it first");
        }
        return sql.deleteFrom(USERS).where(USERS.USERNAME.eq(username)).execute() > 0;
    }

    // --- teams

    @Override
    public List<Team> teams() {
        return teams(DSL.trueCondition());
    }

    @Override
    public Optional<Team> team(String slug) {
        return teams(TEAMS.SLUG.eq(slug)).stream().findFirst();
    }

    private List<Team> teams(Condition condition) {
        Map<Long, List<String>> members = new HashMap<>();
        sql.select(TEAM_MEMBERS.TEAM_ID, USERS.USERNAME)
                .from(TEAM_MEMBERS).join(USERS).on(USERS.ID.eq(TEAM_MEMBERS.USER_ID))
                .orderBy(USERS.USERNAME)
                .forEach(row -> members.computeIfAbsent(row.value1(), id -> new ArrayList<>()).add(row.value2()));
        return sql.selectFrom(TEAMS).where(condition).orderBy(TEAMS.SLUG).fetch(record -> new Team(record.getSlug(),
                record.getName(), record.getDescription(), record.getContactChannel(), members.getOrDefault(record.getId(), List.of())));
    }

    @Override
    public void saveTeam(Team team) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(TEAMS.NAME, team.name());
        values.put(TEAMS.DESCRIPTION, team.description());
        values.put(TEAMS.CONTACT_CHANNEL, team.contactChannel());
        Long id = sql.insertInto(TEAMS).set(TEAMS.SLUG, team.slug()).set(values)
                .onConflict(TEAMS.SLUG).doUpdate().set(values).set(TEAMS.UPDATED_AT, OffsetDateTime.now())
                .returning(TEAMS.ID).fetchOne(TEAMS.ID);
        sql.deleteFrom(TEAM_MEMBERS).where(TEAM_MEMBERS.TEAM_ID.eq(id)).execute();
        for (int i = 0; i < team.members().size(); i++) {
            String username = team.members().get(i);
            Long userId = sql.select(USERS.ID).from(USERS).where(USERS.USERNAME.eq(username)).fetchOne(USERS.ID);
            if (userId == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "members[" + i + "]", "no user '" + username + "': create the user first");
            }
            sql.insertInto(TEAM_MEMBERS).set(TEAM_MEMBERS.TEAM_ID, id).set(TEAM_MEMBERS.USER_ID, userId).execute();
        }
    }

    @Override
    public boolean deleteTeam(String slug) {
        Long id = sql.select(TEAMS.ID).from(TEAMS).where(TEAMS.SLUG.eq(slug)).fetchOne(TEAMS.ID);
        if (id == null) {
            return false;
        }
        List<String> owned = sql.select(SERVICES.SLUG).from(SERVICES).where(SERVICES.OWNER_TEAM_ID.eq(id))
                .union(sql.select(SYSTEMS.SLUG).from(SYSTEMS).where(SYSTEMS.OWNER_TEAM_ID.eq(id)))
                .union(sql.select(SCHEDULES.SLUG).from(SCHEDULES).where(SCHEDULES.TEAM_ID.eq(id)))
                .union(sql.select(ESCALATION_POLICIES.SLUG).from(ESCALATION_POLICIES).where(ESCALATION_POLICIES.TEAM_ID.eq(id)))
                .fetch(0, String.class);
        if (!owned.isEmpty()) {
            throw new CatalogException(CatalogException.Code.IN_USE, "slug",
                    "team '" + slug + "' still owns " + String.join(", ", owned.stream().sorted().toList()) + ": give them another owner first");
        }
        return sql.deleteFrom(TEAMS).where(TEAMS.ID.eq(id)).execute() > 0;
    }

    // --- systems

    @Override
    public List<CatalogSystem> systems() {
        return systems(DSL.trueCondition());
    }

    @Override
    public Optional<CatalogSystem> system(String slug) {
        return systems(SYSTEMS.SLUG.eq(slug)).stream().findFirst();
    }

    private List<CatalogSystem> systems(Condition condition) {
        return sql.select(SYSTEMS.SLUG, SYSTEMS.NAME, SYSTEMS.DESCRIPTION, TEAMS.SLUG)
                .from(SYSTEMS).leftJoin(TEAMS).on(TEAMS.ID.eq(SYSTEMS.OWNER_TEAM_ID))
                .where(condition).orderBy(SYSTEMS.SLUG)
                .fetch(row -> new CatalogSystem(row.value1(), row.value2(), row.value3(), row.value4()));
    }

    @Override
    public void saveSystem(CatalogSystem system) {
        Long owner = teamId(system.ownerTeam(), "owner");
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(SYSTEMS.NAME, system.name());
        values.put(SYSTEMS.DESCRIPTION, system.description());
        values.put(SYSTEMS.OWNER_TEAM_ID, owner);
        sql.insertInto(SYSTEMS).set(SYSTEMS.SLUG, system.slug()).set(values)
                .onConflict(SYSTEMS.SLUG).doUpdate().set(values).set(SYSTEMS.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    @Override
    public boolean deleteSystem(String slug) {
        return sql.deleteFrom(SYSTEMS).where(SYSTEMS.SLUG.eq(slug)).execute() > 0;
    }

    // --- services

    @Override
    public List<Service> services() {
        return services(DSL.trueCondition());
    }

    @Override
    public Optional<Service> service(String slug) {
        return services(SERVICES.SLUG.eq(slug)).stream().findFirst();
    }

    private List<Service> services(Condition condition) {
        Services target = SERVICES.as("target");
        Map<Long, List<Dependency>> dependencies = new HashMap<>();
        sql.select(SERVICE_DEPENDENCIES.SERVICE_ID, target.SLUG, SERVICE_DEPENDENCIES.KIND)
                .from(SERVICE_DEPENDENCIES).join(target).on(target.ID.eq(SERVICE_DEPENDENCIES.DEPENDS_ON_ID))
                .orderBy(target.SLUG)
                .forEach(row -> dependencies.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add(new Dependency(row.value2(), DependencyKind.parse(row.value3()))));
        return sql.select(SERVICES.asterisk(), TEAMS.SLUG, SYSTEMS.SLUG, ESCALATION_POLICIES.SLUG)
                .from(SERVICES)
                .leftJoin(TEAMS).on(TEAMS.ID.eq(SERVICES.OWNER_TEAM_ID))
                .leftJoin(SYSTEMS).on(SYSTEMS.ID.eq(SERVICES.SYSTEM_ID))
                .leftJoin(ESCALATION_POLICIES).on(ESCALATION_POLICIES.ID.eq(SERVICES.ESCALATION_POLICY_ID))
                .where(condition).orderBy(SERVICES.SLUG)
                .fetch(row -> toService(row, dependencies.getOrDefault(row.get(SERVICES.ID), List.of())));
    }

    private static Service toService(Record row, List<Dependency> dependencies) {
        List<Link> links = JSON.readValue(row.get(SERVICES.LINKS).data(), LINKS).stream()
                .map(link -> new Link(link.get("type"), link.get("title"), link.get("url"))).toList();
        return new Service(row.get(SERVICES.SLUG), row.get(SERVICES.NAME), row.get(SERVICES.DESCRIPTION), row.get(SERVICES.TYPE),
                row.get(SERVICES.TIER), Lifecycle.parse(row.get(SERVICES.LIFECYCLE)), row.get(TEAMS.SLUG), row.get(SYSTEMS.SLUG),
                Arrays.asList(row.get(SERVICES.TAGS)), links, dependencies, row.get(ESCALATION_POLICIES.SLUG));
    }

    @Override
    public void saveService(Service service) {
        Long owner = teamId(service.ownerTeam(), "owner");
        Long system = null;
        if (service.system() != null) {
            system = sql.select(SYSTEMS.ID).from(SYSTEMS).where(SYSTEMS.SLUG.eq(service.system())).fetchOne(SYSTEMS.ID);
            if (system == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "system", "no system '" + service.system() + "': create it first");
            }
        }
        Long policy = null;
        if (service.escalationPolicy() != null) {
            policy = sql.select(ESCALATION_POLICIES.ID).from(ESCALATION_POLICIES).where(ESCALATION_POLICIES.SLUG.eq(service.escalationPolicy()))
                    .fetchOne(ESCALATION_POLICIES.ID);
            if (policy == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "escalationPolicy", "no escalation policy '"
                        + service.escalationPolicy() + "': create it first");
            }
        }
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(SERVICES.ESCALATION_POLICY_ID, policy);
        values.put(SERVICES.NAME, service.name());
        values.put(SERVICES.DESCRIPTION, service.description());
        values.put(SERVICES.TYPE, service.type());
        values.put(SERVICES.TIER, service.tier());
        values.put(SERVICES.LIFECYCLE, service.lifecycle().wireName());
        values.put(SERVICES.OWNER_TEAM_ID, owner);
        values.put(SERVICES.SYSTEM_ID, system);
        values.put(SERVICES.TAGS, service.tags().toArray(String[]::new));
        values.put(SERVICES.LINKS, JSONB.valueOf(JSON.writeValueAsString(service.links())));
        Long id = sql.insertInto(SERVICES).set(SERVICES.SLUG, service.slug()).set(values)
                .onConflict(SERVICES.SLUG).doUpdate().set(values).set(SERVICES.UPDATED_AT, OffsetDateTime.now())
                .returning(SERVICES.ID).fetchOne(SERVICES.ID);
        sql.deleteFrom(SERVICE_DEPENDENCIES).where(SERVICE_DEPENDENCIES.SERVICE_ID.eq(id)).execute();
        for (int i = 0; i < service.dependencies().size(); i++) {
            Dependency dependency = service.dependencies().get(i);
            Long target = sql.select(SERVICES.ID).from(SERVICES).where(SERVICES.SLUG.eq(dependency.service())).fetchOne(SERVICES.ID);
            if (target == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "dependsOn[" + i + "]",
                        "no service '" + dependency.service() + "' to depend on: create it first");
            }
            sql.insertInto(SERVICE_DEPENDENCIES)
                    .set(SERVICE_DEPENDENCIES.SERVICE_ID, id)
                    .set(SERVICE_DEPENDENCIES.DEPENDS_ON_ID, target)
                    .set(SERVICE_DEPENDENCIES.KIND, dependency.kind().wireName())
                    .execute();
        }
    }

    @Override
    public boolean deleteService(String slug) {
        Long id = sql.select(SERVICES.ID).from(SERVICES).where(SERVICES.SLUG.eq(slug)).fetchOne(SERVICES.ID);
        if (id == null) {
            return false;
        }
        List<String> dependents = sql.select(SERVICES.SLUG).from(SERVICE_DEPENDENCIES)
                .join(SERVICES).on(SERVICES.ID.eq(SERVICE_DEPENDENCIES.SERVICE_ID))
                .where(SERVICE_DEPENDENCIES.DEPENDS_ON_ID.eq(id)).orderBy(SERVICES.SLUG).fetch(SERVICES.SLUG);
        if (!dependents.isEmpty()) {
            throw new CatalogException(CatalogException.Code.IN_USE, "slug",
                    "service '" + slug + "' is still a dependency of " + String.join(", ", dependents) + ": remove those dependencies first");
        }
        List<String> monitors = sql.select(CHECKS.SLUG).from(CHECKS).where(CHECKS.SERVICE_ID.eq(id))
                .union(sql.select(HEARTBEATS.SLUG).from(HEARTBEATS).where(HEARTBEATS.SERVICE_ID.eq(id))).fetch(0, String.class);
        if (!monitors.isEmpty()) {
            throw new CatalogException(CatalogException.Code.IN_USE, "slug", "service '" + slug + "' is still watched by checks or heartbeats "
                    + String.join(", ", monitors.stream().sorted().toList()) + ": delete them or move them to another service first");
        }
        return sql.deleteFrom(SERVICES).where(SERVICES.ID.eq(id)).execute() > 0;
    }

    private Long teamId(String slug, String field) {
        if (slug == null) {
            return null;
        }
        Long id = sql.select(TEAMS.ID).from(TEAMS).where(TEAMS.SLUG.eq(slug)).fetchOne(TEAMS.ID);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "no team '" + slug + "': create the team first");
        }
        return id;
    }
}
