package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.paging.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Hands an alert's page to someone else: the escalation stops and they are paged at once by their own rules. */
@Controller
public class AlertReassignPages {
    private final AlertStore alerts;
    private final Paging paging;

    public AlertReassignPages(AlertStore alerts, Paging paging) {
        this.alerts = alerts;
        this.paging = paging;
    }

    @PostMapping("/alerts/{id}/reassign")
    public String reassign(@PathVariable long id, @RequestParam(defaultValue = "") String username) {
        AlertStore.AlertRow alert = alerts.find(id)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "there is no alert " + id));
        if (username.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "username", "choose whom to hand the page to");
        }
        if (alert.groupId() == null) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "id", "alert " + id + " pages nobody: it is in no page group");
        }
        paging.reassign(alert.groupId(), username.strip(), CurrentUser.name());
        return "redirect:/alerts/" + id + "?reassigned=" + SchedulePages.encode(username.strip()) + "#paging";
    }
}
