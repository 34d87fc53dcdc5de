package dev.andon.server.web;

import dev.andon.server.postmortems.ActionItems;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives the page of a team its "Action items" section (the model attribute "teamActionItems"): the
 * team's completion rate (done out of all not marked won't do) and its overdue items.
 */
@ControllerAdvice(assignableTypes = TeamPages.class)
public class TeamActionItemSection {
    private final ActionItems items;

    public TeamActionItemSection(ActionItems items) {
        this.items = items;
    }

    public record TeamActionItems(ActionItems.TeamSummary summary, LocalDate today) {
        /** "67%", or null when the team has nothing to complete. */
        public String rate() {
            return summary.completionRate() == null ? null : Math.round(summary.completionRate() * 100) + "%";
        }

        public int counted() {
            return summary.open() + summary.done();
        }

        public String back() {
            return "/teams/" + summary.team() + "#action-items";
        }
    }

    @ModelAttribute("teamActionItems")
    public TeamActionItems teamActionItems(HttpServletRequest request) {
        String slug = TeamOnCallSection.shownTeam(request);
        return slug == null ? null : new TeamActionItems(items.team(slug), items.today());
    }
}
