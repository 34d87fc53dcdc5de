package dev.andon.server.web;

import dev.andon.server.alerts.AlertStore;
import dev.andon.server.paging.ActionLinks;
import dev.andon.server.paging.Paging;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The one-click acknowledge and resolve links of notifications, usable without signing in (the
 * signed link is the credential). Opening a link shows what it is about and one button; pressing it
 * acts. The button is there because mail scanners and chat unfurlers open every link they see: a
 * link that acted on GET would acknowledge pages nobody read.
 */
@Controller
public class ActionLinkPages {
    private final ActionLinks links;
    private final Paging paging;
    private final AlertStore alerts;

    public ActionLinkPages(ActionLinks links, Paging paging, AlertStore alerts) {
        this.links = links;
        this.paging = paging;
        this.alerts = alerts;
    }

    /** What the page shows. */
    public record LinkView(String token, String action, String title, String severity, String service, String status, int alerts,
                           Long alertId, String refusal, boolean done, String actor) {
        public String verb() {
            return "resolve".equals(action) ? "Resolve" : "Acknowledge";
        }
    }

    @GetMapping("/a/{token}")
    public String show(@PathVariable String token, Model model, HttpServletResponse response) {
        return view(token, links.check(token), false, model, response);
    }

    @PostMapping("/a/{token}")
    public String act(@PathVariable String token, Model model, HttpServletResponse response) {
        ActionLinks.Checked peek = links.check(token);
        String actor = peek.link() == null || peek.link().username() == null ? "one-click link" : peek.link().username();
        return view(token, paging.useLink(token, actor), true, model, response);
    }

    private String view(String token, ActionLinks.Checked checked, boolean acted, Model model, HttpServletResponse response) {
        ActionLinks.Link link = checked.link();
        AlertStore.GroupRow group = link == null ? null : alerts.group(link.groupId()).orElse(null);
        var inGroup = group == null ? java.util.List.<AlertStore.AlertRow>of() : alerts.inGroup(group.id());
        String refusal = checked.refusal() == null ? (group == null && link != null ? "gone" : null)
                : checked.refusal().name().toLowerCase(java.util.Locale.ROOT);
        if (refusal != null) {
            response.setStatus(refusal.equals("invalid") ? 404 : 410);
        }
        model.addAttribute("view", new LinkView(token, link == null ? "acknowledge" : link.action(), group == null ? null : group.title(),
                group == null ? null : group.severity(), inGroup.isEmpty() ? null : inGroup.getFirst().serviceName(),
                group == null ? null : group.status(), inGroup.size(), inGroup.isEmpty() ? null : inGroup.getFirst().id(), refusal,
                acted && refusal == null, link == null ? null : link.username()));
        return "paging/link";
    }
}
