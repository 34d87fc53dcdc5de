package dev.andon.server.web;

import dev.andon.server.incidents.Incidents;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives the page of a service its "Incidents" section (the model attribute "serviceIncidents"): open ones first, then the latest. */
@ControllerAdvice(assignableTypes = ServicePages.class)
public class ServiceIncidentSection {
    private static final int LIMIT = 10;

    private final Incidents incidents;

    public ServiceIncidentSection(Incidents incidents) {
        this.incidents = incidents;
    }

    public record ServiceIncidents(String service, List<Incidents.Incident> incidents) {}

    @ModelAttribute("serviceIncidents")
    public ServiceIncidents serviceIncidents(HttpServletRequest request) {
        String slug = ServiceCheckSection.shownService(request);
        return slug == null ? null : new ServiceIncidents(slug, incidents.list("all", slug, null, LIMIT));
    }
}
