package dev.andon.server.catalog;

import dev.andon.catalog.CatalogRepository;
import dev.andon.catalog.Service;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Read-side questions about the catalog shared by the API and the pages: search and history. */
@Component
public class CatalogQueries {
    private final CatalogRepository repository;
    private final EventLog events;

    public CatalogQueries(CatalogRepository repository, EventLog events) {
        this.repository = repository;
        this.events = events;
    }

    /** Filters of the service list; null means "any". {@code q} matches slug, name, description and tags. */
    public record ServiceFilter(String q, String team, Integer tier, String tag, String lifecycle, String system) {
        public static ServiceFilter none() {
            return new ServiceFilter(null, null, null, null, null, null);
        }

        boolean matches(Service service) {
            return (blank(team) || team.equals(service.ownerTeam()))
                    && (tier == null || tier == service.tier())
                    && (blank(tag) || service.tags().contains(tag))
                    && (blank(lifecycle) || service.lifecycle().wireName().equals(lifecycle))
                    && (blank(system) || system.equals(service.system()))
                    && (blank(q) || text(service).contains(q.toLowerCase(Locale.ROOT).trim()));
        }

        private static String text(Service service) {
            return String.join(" ", service.slug(), service.name(), service.description(), String.join(" ", service.tags()))
                    .toLowerCase(Locale.ROOT);
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }

    public List<Service> services(ServiceFilter filter) {
        return repository.services().stream().filter(filter::matches).toList();
    }

    /** Who changed what and when, newest first. */
    public List<Event> history(String objectType, String key) {
        return events.forObject(objectType, key, 200);
    }
}
