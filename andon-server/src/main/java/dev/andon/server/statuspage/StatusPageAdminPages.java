package dev.andon.server.statuspage;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.statuspage.StatusPageService.ComponentFields;
import dev.andon.server.statuspage.StatusPageService.MaintenanceFields;
import dev.andon.server.statuspage.StatusPageService.PageFields;
import dev.andon.server.web.PageContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The signed-in pages that manage status pages: the list, and one page with its components, overrides and maintenances. */
@Controller
public class StatusPageAdminPages {
    private final StatusPageService service;
    private final StatusPages pages;

    public StatusPageAdminPages(StatusPageService service, StatusPages pages) {
        this.service = service;
        this.pages = pages;
    }

    /** The list with the create form; {@code error} is the last refusal, said plainly. */
    public record ListView(List<StatusPageStore.Page> pages, String error) {}

    public record DetailView(StatusSnapshot snapshot, String error, String notice) {}

    @GetMapping("/status-pages")
    public String list(@RequestParam(required = false) String error, HttpServletRequest request, Model model) {
        model.addAttribute("page", PageContext.of(request));
        model.addAttribute("view", new ListView(service.store().pages(), error));
        return "statuspage/list";
    }

    @PostMapping("/status-pages")
    public String create(@RequestParam String slug, @RequestParam String title, @RequestParam(defaultValue = "") String description,
                         @RequestParam(name = "public_url", defaultValue = "") String publicUrl,
                         @RequestParam(name = "time_zone", defaultValue = "UTC") String timeZone,
                         @RequestParam(defaultValue = "false") boolean listed) {
        try {
            service.createPage(new PageFields(slug.strip(), title, description, publicUrl, timeZone, listed));
        } catch (CatalogException e) {
            return "redirect:/status-pages?error=" + encode(e.getMessage());
        }
        return "redirect:/status-pages/" + slug.strip();
    }

    @GetMapping("/status-pages/{slug}")
    public String show(@PathVariable String slug, @RequestParam(required = false) String error, @RequestParam(required = false) String notice,
                       HttpServletRequest request, Model model) {
        model.addAttribute("page", PageContext.of(request));
        model.addAttribute("view", new DetailView(pages.snapshot(service.store().require(slug)), error, notice));
        return "statuspage/show";
    }

    @PostMapping("/status-pages/{slug}/components")
    public String addComponent(@PathVariable String slug, @RequestParam String name, @RequestParam(defaultValue = "") String description,
                               @RequestParam(name = "group_name", defaultValue = "") String groupName,
                               @RequestParam(defaultValue = "") String service,
                               @RequestParam(name = "only_show_if_degraded", defaultValue = "false") boolean onlyShowIfDegraded) {
        return act(slug, "Component added.", () -> this.service.createComponent(slug,
                new ComponentFields(name, description, groupName, null, service, onlyShowIfDegraded)));
    }

    @PostMapping("/status-pages/{slug}/components/{id}/delete")
    public String deleteComponent(@PathVariable String slug, @PathVariable long id) {
        return act(slug, "Component removed.", () -> service.deleteComponent(slug, id));
    }

    @PostMapping("/status-pages/{slug}/components/{id}/override")
    public String override(@PathVariable String slug, @PathVariable long id, @RequestParam(defaultValue = "") String status,
                           @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String until) {
        return act(slug, status.isBlank() ? "Override lifted: the checks decide again." : "Override set.",
                () -> service.override(slug, id, status.isBlank() ? null : status, CurrentUser.name(), reason, time(until, "until")));
    }

    @PostMapping("/status-pages/{slug}/maintenances")
    public String addMaintenance(@PathVariable String slug, @RequestParam String title, @RequestParam(defaultValue = "") String body,
                                 @RequestParam(name = "scheduled_for") String scheduledFor,
                                 @RequestParam(name = "scheduled_until") String scheduledUntil,
                                 @RequestParam(name = "component_ids", required = false) List<Long> componentIds) {
        return act(slug, "Maintenance scheduled.", () -> service.createMaintenance(slug, new MaintenanceFields(title, body,
                time(scheduledFor, "scheduled_for"), time(scheduledUntil, "scheduled_until"), "scheduled",
                componentIds == null ? List.of() : new ArrayList<>(componentIds))));
    }

    @PostMapping("/status-pages/{slug}/maintenances/{id}/updates")
    public String maintenanceUpdate(@PathVariable String slug, @PathVariable long id, @RequestParam String status, @RequestParam String body) {
        return act(slug, "Maintenance updated.", () -> service.postMaintenanceUpdate(slug, id, status, body));
    }

    @PostMapping("/status-pages/{slug}/delete")
    public String delete(@PathVariable String slug) {
        service.deletePage(slug);
        return "redirect:/status-pages";
    }

    private String act(String slug, String notice, Runnable action) {
        try {
            action.run();
        } catch (CatalogException e) {
            return "redirect:/status-pages/" + slug + "?error=" + encode(e.getMessage());
        }
        return "redirect:/status-pages/" + slug + "?notice=" + encode(notice);
    }

    /** A datetime-local field (taken as UTC) or an ISO time with an offset. */
    private static Instant time(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() <= 16 ? Instant.parse(text + ":00Z") : OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, field + " must be a time such as 2026-03-01T22:00 (UTC)");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
