package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.postmortems.ActionItemPriority;
import dev.andon.postmortems.ActionItemType;
import dev.andon.postmortems.PremortemRules;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.postmortems.ActionItems;
import dev.andon.server.postmortems.Premortems;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pre-mortem pages: the list, the form that opens one, and the page where it is run. While
 * writing, the page shows the scenario, the time left and the viewer's own risks only; after the
 * reveal, the risks merged and counted, and a mitigation form per risk. Also the "foreseen" fragment
 * the incident page loads: the risks of pre-mortems on the incident's services.
 */
@Controller
public class PremortemPages {
    /** How many counted risks get an open mitigation form: the top of the list is what the team acts on. */
    static final int TOP = 3;
    /** How many unlinked risks per pre-mortem the incident page shows. */
    static final int FORESEEN_SHOWN = 3;

    private final Premortems premortems;
    private final CatalogService catalog;
    private final Clock clock;

    public PremortemPages(Premortems premortems, CatalogService catalog, Clock clock) {
        this.premortems = premortems;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The chip of a phase, in the classes of the other status chips. */
    public static String phaseClass(PremortemRules.Phase phase) {
        return switch (phase) {
            case WRITING -> "status status-info";
            case REVEALED -> "status status-degraded";
            case CLOSED -> "status status-muted";
        };
    }

    /** "7 min 05 s", for the time box. */
    public static String timeLeft(Duration left) {
        long seconds = Math.max(0, left.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        return (hours > 0 ? hours + " h " : "") + minutes + " min " + String.format("%02d", seconds % 60) + " s";
    }

    public static String people(int count) {
        return count == 1 ? "1 person" : count + " people";
    }

    // --- list

    public record Row(Premortems.Premortem premortem, PremortemRules.Phase phase, String date) {}

    public record ListView(List<Row> rows) {}

    @GetMapping("/premortems")
    public String list(Model model) {
        Instant now = clock.instant();
        model.addAttribute("view", new ListView(premortems.list(200).stream()
                .map(premortem -> new Row(premortem, premortem.phaseAt(now), premortem.date().toString())).toList()));
        return "premortems/list";
    }

    // --- new

    public record Option(String value, String label, boolean selected) {}

    public record NewView(String title, String launch, String launchDate, List<Option> services, List<Option> facilitators, List<Option> participants,
                          String timeBox, String errorField, String error) {
        public String invalid(String field) {
            return field.equals(errorField) ? "true" : null;
        }
    }

    @GetMapping("/premortems/new")
    public String newForm(@RequestParam(required = false) List<String> service, Model model) {
        return newForm(model, "", "", "", service == null ? List.of() : service, CurrentUser.name(), List.of(),
                Long.toString(PremortemRules.DEFAULT_TIME_BOX.toMinutes()), null);
    }

    private String newForm(Model model, String title, String launch, String launchDate, List<String> services, String facilitator,
                           List<String> participants, String timeBox, CatalogException error) {
        List<Option> serviceOptions = catalog.snapshot().services().stream().sorted(Comparator.comparing(Service::name, String.CASE_INSENSITIVE_ORDER))
                .map(s -> new Option(s.slug(), s.name(), services.contains(s.slug()))).toList();
        List<String> users = premortems.usernames();
        model.addAttribute("view", new NewView(title, launch, launchDate, serviceOptions,
                users.stream().map(user -> new Option(user, user, user.equals(facilitator))).toList(),
                users.stream().map(user -> new Option(user, user, participants.contains(user))).toList(), timeBox,
                error == null ? null : error.field(), error == null ? null : error.field() + ": " + error.getMessage()));
        return "premortems/new";
    }

    @PostMapping("/premortems")
    public String create(@RequestParam(required = false) String title, @RequestParam(required = false) String launch,
                         @RequestParam(required = false) String launchDate, @RequestParam(required = false) List<String> services,
                         @RequestParam(required = false) String facilitator, @RequestParam(required = false) List<String> participants,
                         @RequestParam(required = false) String timeBox, Model model) {
        List<String> chosen = services == null ? List.of() : services;
        List<String> people = participants == null ? List.of() : participants;
        try {
            Premortems.Premortem created = premortems.create(CurrentUser.name(), new Premortems.Draft(title, launch, date("launchDate", launchDate),
                    chosen, facilitator, people, minutes(timeBox)));
            return "redirect:/premortems/" + created.id();
        } catch (CatalogException e) {
            return newForm(model, title, launch, launchDate, chosen, facilitator, people, timeBox, e);
        }
    }

    // --- one pre-mortem

    public record TallyRow(PremortemRules.Tally tally, int percent, boolean top, List<ActionItems.ActionItem> mitigations) {}

    public record SuggestionRow(PremortemRules.Risk risk, PremortemRules.Risk into, int percent) {}

    public record ShowView(Premortems.Board board, String viewer, boolean participant, boolean runs, String timeLeft, long secondsLeft,
                           String endsAt, String revealedAt, List<TallyRow> tally, List<SuggestionRow> suggestions, List<String> users,
                           String defaultDue, String draft, String notice, String error) {
        public Premortems.Premortem premortem() {
            return board.premortem();
        }

        public boolean closed() {
            return board.phase() == PremortemRules.Phase.CLOSED;
        }

        public List<ActionItemPriority> priorities() {
            return List.of(ActionItemPriority.values());
        }

        public List<ActionItemType> types() {
            return List.of(ActionItemType.values());
        }

        /** The other counted risks, for "same as…". */
        public List<PremortemRules.Tally> others(PremortemRules.Tally tally) {
            return tally().stream().map(TallyRow::tally).filter(other -> other.risk().id() != tally.risk().id()).toList();
        }

        public String due(ActionItems.ActionItem item) {
            return item.dueDate().toString();
        }

        /** A risk short enough for a picker. */
        public static String shorten(String text) {
            return PremortemPages.shorten(text);
        }
    }

    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 79) + "…";
    }

    @GetMapping("/premortems/{id}")
    public String show(@PathVariable long id, @RequestParam(required = false) String notice, @RequestParam(required = false) String error,
                       Model model) {
        return render(model, id, "", notice, error);
    }

    private String render(Model model, long id, String draft, String notice, String error) {
        String viewer = CurrentUser.name();
        Premortems.Board board = premortems.board(id, viewer);
        Premortems.Premortem premortem = board.premortem();
        Instant now = clock.instant();
        int writers = Math.max(1, board.writers());
        List<TallyRow> tally = new ArrayList<>();
        for (PremortemRules.Tally counted : board.tally()) {
            tally.add(new TallyRow(counted, Math.max(4, Math.min(100, counted.count() * 100 / writers)), tally.size() < TOP,
                    board.mitigationsOf(counted)));
        }
        Map<Long, PremortemRules.Risk> byId = new LinkedHashMap<>();
        board.risks().forEach(risk -> byId.put(risk.id(), new PremortemRules.Risk(risk.id(), risk.author(), risk.body(), risk.mergedInto())));
        List<SuggestionRow> suggestions = board.suggestions().stream().limit(10)
                .map(s -> new SuggestionRow(byId.get(s.risk()), byId.get(s.into()), (int) Math.round(s.similarity() * 100))).toList();
        Duration left = premortem.timeLeft(now);
        model.addAttribute("view", new ShowView(board, viewer, premortem.participant(viewer), premortems.runs(viewer, premortem), timeLeft(left),
                left.toSeconds(), TimeText.minute(premortem.writingEndsAt()), TimeText.minute(premortem.revealsAt()), tally, suggestions,
                premortems.usernames(), LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(14).toString(), draft, notice, error));
        return "premortems/show";
    }

    @PostMapping("/premortems/{id}/risks")
    public String addRisk(@PathVariable long id, @RequestParam(required = false) String body, Model model) {
        try {
            premortems.addRisk(CurrentUser.name(), id, body);
            return "redirect:/premortems/" + id + "?notice=" + encode("Risk added. Only you can see it until the reveal.") + "#your-risks";
        } catch (CatalogException e) {
            // Rendered, not redirected: the text stays in the form (and out of the address bar and the logs).
            return render(model, id, body == null ? "" : body, null, e.field() + ": " + e.getMessage());
        }
    }

    @PostMapping("/premortems/{id}/risks/{riskId}")
    public String editRisk(@PathVariable long id, @PathVariable long riskId, @RequestParam(required = false) String body) {
        return act(id, "Risk saved.", () -> premortems.editRisk(CurrentUser.name(), id, riskId, body));
    }

    @PostMapping("/premortems/{id}/risks/{riskId}/delete")
    public String deleteRisk(@PathVariable long id, @PathVariable long riskId) {
        return act(id, "Risk deleted.", () -> premortems.deleteRisk(CurrentUser.name(), id, riskId));
    }

    @PostMapping("/premortems/{id}/participants")
    public String addParticipants(@PathVariable long id, @RequestParam(required = false) List<String> participants) {
        return act(id, "Participants added.", () -> premortems.addParticipants(CurrentUser.name(), id, participants == null ? List.of() : participants));
    }

    @PostMapping("/premortems/{id}/reveal")
    public String reveal(@PathVariable long id) {
        return act(id, "Risks revealed.", () -> premortems.reveal(CurrentUser.name(), id));
    }

    @PostMapping("/premortems/{id}/merge")
    public String merge(@PathVariable long id, @RequestParam(required = false) Long risk, @RequestParam(required = false) Long into) {
        return act(id, "Merged.", () -> {
            if (risk == null || into == null) {
                throw new CatalogException(CatalogException.Code.INVALID, into == null ? "into" : "risk", "is required: choose the risk it is the same as");
            }
            premortems.merge(CurrentUser.name(), id, risk, into);
        });
    }

    @PostMapping("/premortems/{id}/risks/{riskId}/unmerge")
    public String unmerge(@PathVariable long id, @PathVariable long riskId) {
        return act(id, "Unmerged.", () -> premortems.unmerge(CurrentUser.name(), id, riskId));
    }

    @PostMapping("/premortems/{id}/close")
    public String close(@PathVariable long id) {
        return act(id, "Pre-mortem closed.", () -> premortems.close(CurrentUser.name(), id));
    }

    @PostMapping("/premortems/{id}/risks/{riskId}/mitigations")
    public String mitigate(@PathVariable long id, @PathVariable long riskId, @RequestParam(required = false) String title,
                           @RequestParam(required = false) String owner, @RequestParam(required = false) String dueDate,
                           @RequestParam(required = false) String priority, @RequestParam(required = false) String type) {
        return act(id, "Mitigation added.", () -> premortems.mitigate(CurrentUser.name(), id, riskId, new ActionItems.Draft(title, "", owner, null,
                date("dueDate", dueDate), priority, type, null)));
    }

    private String act(long id, String notice, Runnable action) {
        premortems.require(id);
        try {
            action.run();
            return "redirect:/premortems/" + id + "?notice=" + encode(notice);
        } catch (CatalogException e) {
            return "redirect:/premortems/" + id + "?error=" + encode(e.field() + ": " + e.getMessage());
        }
    }

    // --- the incident page's "foreseen" fragment

    /** One pre-mortem's risks for an incident: those linked to it, then the most-written others. */
    public record ForeseenGroup(long premortemId, String title, String date, List<Premortems.Foreseen> linked, List<Premortems.Foreseen> unlinked,
                                int more) {}

    public record ForeseenView(long incident, List<ForeseenGroup> groups, List<Premortems.Foreseen> linkable) {
        public boolean empty() {
            return groups.isEmpty();
        }

        public String shorten(String text) {
            return PremortemPages.shorten(text);
        }
    }

    @GetMapping("/incidents/{number}/foreseen")
    public String foreseen(@PathVariable long number, Model model) {
        List<Premortems.Foreseen> all = premortems.foreseen(number);
        Map<Long, List<Premortems.Foreseen>> byPremortem = new LinkedHashMap<>();
        all.forEach(foreseen -> byPremortem.computeIfAbsent(foreseen.premortemId(), key -> new ArrayList<>()).add(foreseen));
        List<ForeseenGroup> groups = new ArrayList<>();
        for (List<Premortems.Foreseen> risks : byPremortem.values()) {
            List<Premortems.Foreseen> linked = risks.stream().filter(Premortems.Foreseen::linked).toList();
            List<Premortems.Foreseen> unlinked = risks.stream().filter(risk -> !risk.linked()).limit(FORESEEN_SHOWN).toList();
            Premortems.Foreseen first = risks.getFirst();
            groups.add(new ForeseenGroup(first.premortemId(), first.premortemTitle(), first.date().toString(), linked, unlinked,
                    risks.size() - linked.size() - unlinked.size()));
        }
        // Pre-mortems with a risk linked to this incident first.
        groups.sort(Comparator.comparing((ForeseenGroup group) -> group.linked().isEmpty()));
        model.addAttribute("view", new ForeseenView(number, groups, all.stream().filter(foreseen -> !foreseen.linked()).toList()));
        return "premortems/foreseen";
    }

    @PostMapping("/incidents/{number}/foreseen")
    public String link(@PathVariable long number, @RequestParam(required = false) String risk) {
        String back = "redirect:/incidents/" + number;
        try {
            // "premortem:risk", as the fragment's picker sends it.
            String[] parts = risk == null ? new String[0] : risk.split(":");
            if (parts.length != 2) {
                throw new CatalogException(CatalogException.Code.INVALID, "risk", "is required: choose the risk this incident is");
            }
            premortems.linkIncident(CurrentUser.name(), Long.parseLong(parts[0]), Long.parseLong(parts[1]), number);
            return back + "?notice=" + encode("Linked: this incident was foreseen in a pre-mortem.");
        } catch (NumberFormatException e) {
            return back + "?error=" + encode("risk: '" + risk + "' is not a risk of a pre-mortem");
        } catch (CatalogException e) {
            return back + "?error=" + encode(e.field() + ": " + e.getMessage());
        }
    }

    // --- helpers

    private static Integer minutes(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new CatalogException(CatalogException.Code.INVALID, "timeBox", "'" + text + "' is not a number of minutes");
        }
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a date such as 2026-06-01");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
