package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.postmortems.ActionItemPriority;
import dev.andon.postmortems.ActionItemType;
import dev.andon.postmortems.BlamelessChecker;
import dev.andon.postmortems.FactorType;
import dev.andon.postmortems.PostmortemSection;
import dev.andon.postmortems.PostmortemStatus;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.incidents.Incidents;
import dev.andon.server.postmortems.ActionItems;
import dev.andon.server.postmortems.Markdown;
import dev.andon.server.postmortems.Postmortems;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page of one postmortem, where it is written and reviewed: its sections in Markdown with a
 * live preview and blameless-language check, the timeline, contributing factors with their 5 whys,
 * action items, review comments, and the move from draft to review to published.
 */
@Controller
public class PostmortemPages {
    static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private final Postmortems postmortems;
    private final ActionItems actionItems;
    private final Incidents incidents;
    private final Clock clock;

    public PostmortemPages(Postmortems postmortems, ActionItems actionItems, Incidents incidents, Clock clock) {
        this.postmortems = postmortems;
        this.actionItems = actionItems;
        this.incidents = incidents;
        this.clock = clock;
    }

    public record SectionView(PostmortemSection section, String text, String html, List<BlamelessChecker.Flag> flags) {}

    public record FactorView(Postmortems.Factor factor, List<BlamelessChecker.Flag> flags) {}

    public record DetailView(Postmortems.Postmortem postmortem, List<SectionView> sections, List<Postmortems.TimelineEntry> timeline,
                             List<FactorView> factors, List<ActionItems.ActionItem> items, List<Postmortems.Comment> comments,
                             List<BlamelessChecker.Flag> flags, List<String> users, String nowForm, LocalDate today, boolean overdue, String notice,
                             String error) {
        public boolean editable() {
            return postmortem.status().editable();
        }

        public String time(Instant at) {
            return UTC_SECONDS.format(at);
        }

        public String formTime(Instant at) {
            return FORM_TIME.format(at);
        }

        public String due() {
            return IncidentPages.time(postmortem.dueAt());
        }

        public List<FactorType> factorTypes() {
            return List.of(FactorType.values());
        }

        public List<ActionItemPriority> priorities() {
            return List.of(ActionItemPriority.values());
        }

        public List<ActionItemType> types() {
            return List.of(ActionItemType.values());
        }

        public List<PostmortemSection> allSections() {
            return List.of(PostmortemSection.values());
        }

        public List<Postmortems.Comment> commentsOn(PostmortemSection section) {
            return comments.stream().filter(comment -> comment.section().equals(section.key())).toList();
        }

        public long openComments() {
            return comments.stream().filter(Postmortems.Comment::open).count();
        }

        public String defaultDue() {
            return today.plusDays(14).toString();
        }

        public String tags() {
            return String.join(", ", postmortem.tags());
        }

        public boolean reviewer(String user) {
            return postmortem.reviewers().contains(user);
        }
    }

    public static String statusClass(PostmortemStatus status) {
        return switch (status) {
            case DRAFT -> "status status-degraded";
            case IN_REVIEW -> "status status-info";
            case PUBLISHED -> "status status-ok";
        };
    }

    @GetMapping("/postmortems/{id:\\d+}")
    public String show(@PathVariable long id, @RequestParam(required = false) String notice, @RequestParam(required = false) String error, Model model) {
        Postmortems.Postmortem postmortem = postmortems.require(id);
        List<String> people = postmortems.people();
        List<SectionView> sections = PostmortemSection.TEXT.stream().map(section -> {
            String text = postmortem.section(section);
            return new SectionView(section, text, Markdown.html(text), BlamelessChecker.check(section.key(), text, people));
        }).toList();
        List<FactorView> factors = postmortems.factors(id).stream().map(factor -> {
            List<BlamelessChecker.Flag> flags = new ArrayList<>(BlamelessChecker.check("factors", factor.description(), people));
            factor.whys().forEach(why -> flags.addAll(BlamelessChecker.check("factors", why, people)));
            return new FactorView(factor, flags);
        }).toList();
        Instant now = clock.instant();
        model.addAttribute("view", new DetailView(postmortem, sections, postmortems.timeline(id), factors,
                actionItems.list(new ActionItems.Filter("all", null, null, id, null)), postmortems.comments(id), postmortems.flags(id),
                incidents.usernames(), FORM_TIME.format(now), actionItems.today(), postmortem.overdue(now), notice, error));
        return "postmortems/show";
    }

    /** The incident page's "Postmortem" button: opens the postmortem, starting it when there is none. */
    @PostMapping("/incidents/{number}/postmortem")
    public String start(@PathVariable long number) {
        return "redirect:/postmortems/" + postmortems.start(CurrentUser.name(), number).id();
    }

    /** The incident's postmortem, or 404: for links that only know the incident. */
    @GetMapping("/incidents/{number}/postmortem")
    public String ofIncident(@PathVariable long number) {
        return "redirect:/postmortems/" + postmortems.forIncident(number).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND,
                "number", "INC-" + number + " has no postmortem yet")).id();
    }

    public record PreviewView(String html, List<BlamelessChecker.Flag> flags) {}

    /** htmx: the section's Markdown rendered, and what the checker says about it, as the author types. */
    @PostMapping("/postmortems/preview")
    public String preview(@RequestParam(required = false) String section, @RequestParam Map<String, String> form, Model model) {
        PostmortemSection target = PostmortemSection.parse(section);
        String text = target == null ? form.getOrDefault("text", "") : form.getOrDefault(target.key(), form.getOrDefault("text", ""));
        model.addAttribute("view", new PreviewView(Markdown.html(text),
                BlamelessChecker.check(target == null ? "text" : target.key(), text, postmortems.people())));
        return "postmortems/preview";
    }

    @PostMapping("/postmortems/{id}/sections")
    public String saveSections(@PathVariable long id, @RequestParam Map<String, String> form, @RequestParam(required = false) String title,
                               @RequestParam(required = false) String save) {
        // A section's Save button stores that section only, so two people writing different
        // sections do not overwrite each other with what their pages loaded.
        PostmortemSection only = PostmortemSection.parse(save);
        Map<PostmortemSection, String> sections = new java.util.EnumMap<>(PostmortemSection.class);
        for (PostmortemSection section : PostmortemSection.TEXT) {
            if (form.containsKey(section.key()) && (only == null || only == section)) {
                sections.put(section, form.get(section.key()));
            }
        }
        return act(id, "Saved.", () -> postmortems.change(CurrentUser.name(), id, new Postmortems.Change(title, sections, null, null, null, null)),
                only == null ? null : "section-" + only.key());
    }

    @PostMapping("/postmortems/{id}/people")
    public String savePeople(@PathVariable long id, @RequestParam(required = false) String owner, @RequestParam(required = false) String facilitator,
                             @RequestParam(required = false) List<String> reviewers, @RequestParam(required = false) String tags) {
        return act(id, "Saved.", () -> postmortems.change(CurrentUser.name(), id, new Postmortems.Change(null, null,
                tags == null ? null : Arrays.asList(tags.split("[,\\s]+")), owner, facilitator == null ? "" : facilitator,
                reviewers == null ? List.of() : reviewers)));
    }

    @PostMapping("/postmortems/{id}/timeline")
    public String addTimeline(@PathVariable long id, @RequestParam(required = false) String at, @RequestParam(required = false) String body) {
        return act(id, "Timeline line added.", () -> postmortems.addTimelineEntry(CurrentUser.name(), id, formTime("at", at), body), "timeline");
    }

    @PostMapping("/postmortems/{id}/timeline/{entry}")
    public String editTimeline(@PathVariable long id, @PathVariable long entry, @RequestParam(required = false) String at,
                               @RequestParam(required = false) String body, @RequestParam(required = false) String action) {
        if ("delete".equals(action)) {
            return act(id, "Timeline line deleted.", () -> postmortems.deleteTimelineEntry(CurrentUser.name(), id, entry), "timeline");
        }
        return act(id, "Timeline line saved.", () -> postmortems.editTimelineEntry(CurrentUser.name(), id, entry,
                at == null || at.isBlank() ? null : formTime("at", at), body), "timeline");
    }

    @PostMapping("/postmortems/{id}/factors")
    public String saveFactor(@PathVariable long id, @RequestParam(required = false) Long factor, @RequestParam(required = false) String type,
                             @RequestParam(required = false) String description, @RequestParam(required = false) List<String> why,
                             @RequestParam(required = false) String action) {
        if ("delete".equals(action) && factor != null) {
            return act(id, "Factor deleted.", () -> postmortems.deleteFactor(CurrentUser.name(), id, factor), "factors");
        }
        return act(id, "Factor saved.", () -> postmortems.saveFactor(CurrentUser.name(), id, factor, type, description, why), "factors");
    }

    @PostMapping("/postmortems/{id}/action-items")
    public String addActionItem(@PathVariable long id, @RequestParam(required = false) String title, @RequestParam(required = false) String owner,
                                @RequestParam(required = false) String dueDate, @RequestParam(required = false) String priority,
                                @RequestParam(required = false) String type, @RequestParam(required = false) String trackerUrl,
                                @RequestParam(required = false) String description) {
        return act(id, "Action item added.", () -> {
            postmortems.require(id);
            actionItems.create(CurrentUser.name(), id, null, null, new ActionItems.Draft(title, description, owner, null, date("dueDate", dueDate),
                    priority, type, trackerUrl));
        }, "action-items");
    }

    @PostMapping("/postmortems/{id}/action-items/{item}")
    public String changeActionItem(@PathVariable long id, @PathVariable long item, @RequestParam(required = false) String status) {
        return act(id, "Action item updated.", () -> actionItems.change(CurrentUser.name(), item,
                new ActionItems.Change(null, null, null, null, null, null, null, null, status)), "action-items");
    }

    @PostMapping("/postmortems/{id}/comments")
    public String comment(@PathVariable long id, @RequestParam(required = false) String section, @RequestParam(required = false) String body) {
        return act(id, "Comment added.", () -> postmortems.comment(CurrentUser.name(), id, section, body), "review");
    }

    @PostMapping("/postmortems/{id}/comments/{comment}/resolve")
    public String resolve(@PathVariable long id, @PathVariable long comment) {
        return act(id, "Comment resolved.", () -> postmortems.resolveComment(CurrentUser.name(), id, comment), "review");
    }

    @PostMapping("/postmortems/{id}/status")
    public String move(@PathVariable long id, @RequestParam(required = false) String status, @RequestParam(required = false) String overrideReason) {
        PostmortemStatus next = PostmortemStatus.parse(status);
        String notice = next == null ? "" : switch (next) {
            case DRAFT -> "Back to draft.";
            case IN_REVIEW -> "Sent to review.";
            case PUBLISHED -> "Published: it is now read-only and visible to everyone.";
        };
        return act(id, notice, () -> postmortems.move(CurrentUser.name(), id, next, overrideReason));
    }

    private String act(long id, String notice, Runnable action) {
        return act(id, notice, action, null);
    }

    private String act(long id, String notice, Runnable action, String anchor) {
        postmortems.require(id);
        String fragment = anchor == null ? "" : "#" + anchor;
        try {
            action.run();
            return "redirect:/postmortems/" + id + "?notice=" + encode(notice) + fragment;
        } catch (CatalogException e) {
            return "redirect:/postmortems/" + id + "?error=" + encode(e.field() + ": " + e.getMessage()) + fragment;
        }
    }

    private static Instant formTime(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "is required: when it happened, in UTC");
        }
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a UTC time such as 2026-03-01T10:00");
        }
    }

    static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a date such as 2026-12-01");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
