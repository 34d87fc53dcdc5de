package dev.andon.catalog;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Field rules of catalog objects, checked before anything is stored. Each problem names its field. */
public final class CatalogRules {
    private CatalogRules() {}

    /** A field and what is wrong with it. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    public static List<Problem> check(Service service) {
        List<Problem> problems = new ArrayList<>();
        slug(problems, "slug", service.slug());
        required(problems, "name", service.name());
        if (service.tier() < 1 || service.tier() > 4) {
            problems.add(new Problem("tier", "must be 1, 2, 3 or 4 (1 is the most critical), not " + service.tier()));
        }
        if (service.ownerTeam() != null) {
            slug(problems, "owner", service.ownerTeam());
        }
        for (int i = 0; i < service.tags().size(); i++) {
            String tag = service.tags().get(i);
            if (tag == null || tag.isBlank() || tag.length() > 63) {
                problems.add(new Problem("tags[" + i + "]", "must be 1-63 characters"));
            }
        }
        for (int i = 0; i < service.links().size(); i++) {
            Link link = service.links().get(i);
            String urlProblem = urlProblem(link.url());
            if (urlProblem != null) {
                problems.add(new Problem("links[" + i + "].url", urlProblem));
            }
            if (!Link.TYPES.contains(link.type())) {
                problems.add(new Problem("links[" + i + "].type", "unknown link type '" + link.type() + "': use one of " + Link.TYPES));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < service.dependencies().size(); i++) {
            String target = service.dependencies().get(i).service();
            String field = "dependsOn[" + i + "]";
            if (target == null || !Slug.isValid(target)) {
                problems.add(new Problem(field, Slug.problem(target)));
            } else if (target.equals(service.slug())) {
                problems.add(new Problem(field, "a service cannot depend on itself"));
            } else if (!seen.add(target)) {
                problems.add(new Problem(field, "'" + target + "' is listed twice"));
            }
        }
        return problems;
    }

    public static List<Problem> check(Team team) {
        List<Problem> problems = new ArrayList<>();
        slug(problems, "slug", team.slug());
        required(problems, "name", team.name());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < team.members().size(); i++) {
            if (!seen.add(team.members().get(i))) {
                problems.add(new Problem("members[" + i + "]", "'" + team.members().get(i) + "' is listed twice"));
            }
        }
        return problems;
    }

    public static List<Problem> check(CatalogSystem system) {
        List<Problem> problems = new ArrayList<>();
        slug(problems, "slug", system.slug());
        required(problems, "name", system.name());
        return problems;
    }

    public static List<Problem> check(User user) {
        List<Problem> problems = new ArrayList<>();
        slug(problems, "username", user.username());
        if (user.email() != null && !user.email().isBlank() && !user.email().matches("^[^@\\s]+@[^@\\s]+$")) {
            problems.add(new Problem("email", "'" + user.email() + "' is not an email address"));
        }
        return problems;
    }

    /** Throws the first problem as an INVALID {@link CatalogException}, naming every problem in the message. */
    public static void require(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, problems.getFirst().field(),
                    String.join("; ", problems.stream().map(Problem::toString).toList()));
        }
    }

    private static void slug(List<Problem> problems, String field, String value) {
        String problem = Slug.problem(value);
        if (problem != null) {
            problems.add(new Problem(field, problem));
        }
    }

    private static void required(List<Problem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(field, "is required"));
        }
    }

    static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return "'" + url + "' must be an http or https URL";
            }
            return null;
        } catch (Exception e) {
            return "'" + url + "' is not a URL";
        }
    }
}
