package dev.andon.server.web;

import dev.andon.catalog.CatalogRules;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Slug;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service form exactly as typed, so a rejected form comes back with the user's text intact; it
 * converts to a {@link Service} and maps each rule's problem back onto the field that caused it.
 *
 * @param escalationPolicy the policy's slug, empty for none (alerts page the admins); null when the
 *                         form had no such field, which keeps the service's policy as it is
 */
public record ServiceForm(String slug, String name, String description, String type, String tier, String lifecycle,
                          String owner, String system, String tags, String docs, String runbook, String repository,
                          String dashboards, String dependsOn, String escalationPolicy) {

    private static final Pattern INDEXED = Pattern.compile("^(\\w+)\\[(\\d+)].*$");

    public ServiceForm {
        slug = trim(slug);
        name = trim(name);
        description = description == null ? "" : description.strip();
        type = trim(type);
        tier = trim(tier);
        lifecycle = trim(lifecycle);
        owner = trim(owner);
        system = trim(system);
        tags = trim(tags);
        docs = trim(docs);
        runbook = trim(runbook);
        repository = trim(repository);
        dashboards = dashboards == null ? "" : dashboards.strip();
        dependsOn = dependsOn == null ? "" : dependsOn.strip();
        escalationPolicy = escalationPolicy == null ? null : escalationPolicy.strip();
    }

    /** A form without the escalation policy field: saving it keeps the service's policy. */
    public ServiceForm(String slug, String name, String description, String type, String tier, String lifecycle, String owner, String system,
                       String tags, String docs, String runbook, String repository, String dashboards, String dependsOn) {
        this(slug, name, description, type, tier, lifecycle, owner, system, tags, docs, runbook, repository, dashboards, dependsOn, null);
    }

    /** A blank form with the defaults most new services have. */
    public static ServiceForm blank() {
        return new ServiceForm("", "", "", "service", "3", Lifecycle.PRODUCTION.wireName(), "", "", "", "", "", "", "", "", "");
    }

    public static ServiceForm of(Service service) {
        List<String> dashboardLines = service.links().stream().filter(link -> link.type().equals("dashboard"))
                .map(link -> link.title() + " | " + link.url()).toList();
        List<String> dependencyLines = service.dependencies().stream()
                .map(d -> d.kind() == DependencyKind.SOFT ? d.service() + " soft" : d.service()).toList();
        return new ServiceForm(service.slug(), service.name(), service.description(), service.type(), String.valueOf(service.tier()),
                service.lifecycle().wireName(), nullToEmpty(service.ownerTeam()), nullToEmpty(service.system()),
                String.join(", ", service.tags()), url(service.link("docs")), url(service.link("runbook")),
                url(service.link("repository")), String.join("\n", dashboardLines), String.join("\n", dependencyLines),
                nullToEmpty(service.escalationPolicy()));
    }

    /**
     * The service this form describes, or null when it has problems, which are added to {@code errors}.
     * {@code existing} is the stored service on an edit: links this form has no field for are kept.
     */
    public Service toService(String pathSlug, Service existing, FormErrors errors) {
        // A new service without a slug gets one from its name: fewer fields to fill in at 3 a.m.
        String serviceSlug = pathSlug != null ? pathSlug : slug.isEmpty() && !name.isEmpty() ? Slug.from(name) : slug;
        Integer tierNumber = parseTier(errors);
        Lifecycle parsedLifecycle = parseLifecycle(errors);
        List<String> linkFields = new ArrayList<>();
        List<Link> links = links(existing, linkFields, errors);
        List<Dependency> dependencies = dependencies(errors);
        // The rules run even after a parse problem (with stand-ins for what could not be read), so
        // every problem of the form is reported at once instead of one per submit.
        Service service = new Service(serviceSlug, name, description, type, tierNumber == null ? 3 : tierNumber,
                parsedLifecycle, emptyToNull(owner), emptyToNull(system), tagList(), links, dependencies,
                escalationPolicy == null ? (existing == null ? null : existing.escalationPolicy()) : emptyToNull(escalationPolicy));
        for (CatalogRules.Problem problem : CatalogRules.check(service)) {
            errors.add(formField(problem.field(), linkFields), problem.message());
        }
        return errors.any() ? null : service;
    }

    /** Which input a field name from the catalog rules or the repository refers to. */
    static String formField(String field, List<String> linkFields) {
        if (field == null) {
            return "form";
        }
        Matcher indexed = INDEXED.matcher(field);
        if (indexed.matches()) {
            String base = indexed.group(1);
            if (base.equals("links")) {
                int index = Integer.parseInt(indexed.group(2));
                return index < linkFields.size() ? linkFields.get(index) : "form";
            }
            return base;
        }
        return switch (field) {
            case "slug", "name", "description", "type", "tier", "lifecycle", "owner", "system", "tags", "dependsOn", "escalationPolicy" -> field;
            case "links" -> "dashboards";
            default -> "form";
        };
    }

    /** Field names of the links in the order {@link #toService} builds them, to place link problems the repository reports. */
    public List<String> linkFields(Service existing) {
        List<String> fields = new ArrayList<>();
        links(existing, fields, FormErrors.none());
        return fields;
    }

    private Integer parseTier(FormErrors errors) {
        try {
            int value = Integer.parseInt(tier);
            if (value >= 1 && value <= 4) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below: the same advice whatever was typed.
        }
        errors.add("tier", "choose a tier from 1 (most critical) to 4");
        return null;
    }

    private Lifecycle parseLifecycle(FormErrors errors) {
        try {
            return Lifecycle.parse(lifecycle);
        } catch (IllegalArgumentException e) {
            errors.add("lifecycle", e.getMessage());
            return null;
        }
    }

    private List<String> tagList() {
        return Arrays.stream(tags.split(",")).map(String::strip).filter(tag -> !tag.isEmpty()).distinct().toList();
    }

    private List<Link> links(Service existing, List<String> fields, FormErrors errors) {
        List<Link> links = new ArrayList<>();
        single(links, fields, "docs", docs, existing);
        single(links, fields, "runbook", runbook, existing);
        single(links, fields, "repository", repository, existing);
        List<String> lines = dashboards.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int bar = line.lastIndexOf('|');
            String title = bar < 0 ? null : line.substring(0, bar).strip();
            String url = bar < 0 ? line : line.substring(bar + 1).strip();
            if (url.isEmpty()) {
                errors.add("dashboards", "line " + (i + 1) + " has no URL: write 'title | https://...'");
                continue;
            }
            links.add(new Link("dashboard", title, url));
            fields.add("dashboards");
        }
        if (existing != null) {
            // Links this form has no field for (a second docs link, "other" links from the API or a
            // YAML file) stay as they are rather than vanishing on an unrelated edit.
            List<Link> shown = new ArrayList<>();
            for (String type : List.of("docs", "runbook", "repository")) {
                if (existing.link(type) != null) {
                    shown.add(existing.link(type));
                }
            }
            for (Link link : existing.links()) {
                if (!link.type().equals("dashboard") && !shown.remove(link)) {
                    links.add(link);
                    fields.add("form");
                }
            }
        }
        return links;
    }

    /** A docs, runbook or repository link; keeps a custom title the link had when its URL is unchanged. */
    private static void single(List<Link> links, List<String> fields, String type, String url, Service existing) {
        if (url.isEmpty()) {
            return;
        }
        Link before = existing == null ? null : existing.link(type);
        String title = before != null && before.url().equals(url) ? before.title() : null;
        links.add(new Link(type, title, url));
        fields.add(type);
    }

    private List<Dependency> dependencies(FormErrors errors) {
        List<Dependency> dependencies = new ArrayList<>();
        List<String> lines = dependsOn.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).split("[\\s,]+");
            DependencyKind kind = DependencyKind.HARD;
            if (words.length == 2) {
                try {
                    kind = DependencyKind.parse(words[1].toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.add("dependsOn", "line " + (i + 1) + ": '" + words[1] + "' is not hard or soft; write 'slug' or 'slug soft'");
                    continue;
                }
            } else if (words.length > 2) {
                errors.add("dependsOn", "line " + (i + 1) + ": write one service per line, as 'slug' or 'slug soft'");
                continue;
            }
            dependencies.add(new Dependency(words[0], kind));
        }
        return dependencies;
    }

    private static String url(Link link) {
        return link == null ? "" : link.url();
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
