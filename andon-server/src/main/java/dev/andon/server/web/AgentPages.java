package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.checks.Check;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.checks.Agents;
import dev.andon.server.checks.CheckService;
import dev.andon.server.checks.CheckStore;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The locations checks run from besides the server itself, and their agents: when each was last
 * seen, from where and with which version; creating a location, rotating its token and deleting it.
 * A token is rendered in the answer to the POST that made it, never via a redirect, so it is shown once.
 */
@Controller
public class AgentPages {
    /** Agents poll every 30 seconds; a few missed polls in a row means it is gone. */
    static final Duration CONNECTED_WITHIN = Duration.ofMinutes(2);

    private final Agents agents;
    private final CheckService checks;
    private final Clock clock;

    public AgentPages(Agents agents, CheckService checks, Clock clock) {
        this.agents = agents;
        this.checks = checks;
        this.clock = clock;
    }

    /** The create form as submitted. */
    public record AgentForm(String location, String description) {
        public AgentForm {
            location = location == null ? "" : location.strip();
            description = description == null ? "" : description.strip();
        }
    }

    /**
     * A location as listed. {@code connection} is "connected", "silent" (seen, but not lately) or
     * "never"; {@code checks} are the slugs of the checks that run there.
     */
    public record Row(Agents.AgentInfo agent, String connection, String lastSeen, List<String> checks) {}

    /** A token just made, with the command that starts the agent. */
    public record NewToken(String location, String token, String command, boolean rotated) {}

    /**
     * The page: {@code localChecks} counts the checks the server runs itself, {@code withoutAgent} names
     * locations that checks list but no agent serves, whose results never come.
     */
    public record ListView(List<Row> rows, NewToken created, AgentForm form, FormErrors errors, String notice, String serverUrl,
                           int localChecks, Map<String, List<String>> withoutAgent) {
        private static final Map<String, String> LABELS = FormErrors.labels("location", "Location", "description", "Description");

        public Map<String, String> labels() {
            return LABELS;
        }
    }

    @GetMapping("/agents")
    public String list(@RequestParam(required = false) String deleted, Model model) {
        String notice = deleted == null ? null : "Location " + deleted + " deleted: its token no longer works.";
        return view(model, null, new AgentForm("", ""), FormErrors.none(), notice);
    }

    @PostMapping("/agents")
    public String create(AgentForm form, Model model, HttpServletResponse response) {
        try {
            Agents.CreatedAgent created = agents.create(CurrentUser.name(), form.location(), form.description());
            response.setStatus(HttpStatus.CREATED.value());
            return view(model, newToken(created, false), new AgentForm("", ""), FormErrors.none(), null);
        } catch (CatalogException e) {
            response.setStatus(e.code() == CatalogException.Code.CONFLICT ? HttpStatus.CONFLICT.value() : HttpStatus.UNPROCESSABLE_CONTENT.value());
            return view(model, null, form, FormErrors.none().add("location", e.getMessage()), null);
        }
    }

    /** A new token for a location; the old one stops working at once. */
    @PostMapping("/agents/{location}/rotate-token")
    public String rotate(@PathVariable String location, Model model) {
        return view(model, newToken(agents.rotate(CurrentUser.name(), location), true), new AgentForm("", ""), FormErrors.none(), null);
    }

    @PostMapping("/agents/{location}/delete")
    public String delete(@PathVariable String location) {
        agents.delete(CurrentUser.name(), location);
        return "redirect:/agents?deleted=" + location;
    }

    private NewToken newToken(Agents.CreatedAgent created, boolean rotated) {
        String location = created.agent().location();
        return new NewToken(location, created.token(), command(serverUrl(), created.token(), location), rotated);
    }

    /** The command that starts an agent for a location, as the agent's own usage line spells it. */
    static String command(String serverUrl, String token, String location) {
        return "./andon agent --server " + serverUrl + " --token " + token + " --location " + location;
    }

    private String view(Model model, NewToken created, AgentForm form, FormErrors errors, String notice) {
        Instant now = clock.instant();
        Map<String, List<String>> checksByLocation = new TreeMap<>();
        for (CheckStore.StoredCheck stored : checks.store().all()) {
            for (String location : stored.check().locations()) {
                checksByLocation.computeIfAbsent(location, key -> new ArrayList<>()).add(stored.check().slug());
            }
        }
        List<Row> rows = agents.all().stream().map(agent -> {
            String connection = agent.lastSeenAt() == null ? "never"
                    : Duration.between(agent.lastSeenAt(), now).compareTo(CONNECTED_WITHIN) <= 0 ? "connected" : "silent";
            return new Row(agent, connection, agent.lastSeenAt() == null ? "never" : TimeText.relative(agent.lastSeenAt(), now),
                    checksByLocation.getOrDefault(agent.location(), List.of()));
        }).toList();
        Map<String, List<String>> withoutAgent = new TreeMap<>(checksByLocation);
        withoutAgent.remove(Check.LOCAL);
        rows.forEach(row -> withoutAgent.remove(row.agent().location()));
        model.addAttribute("view", new ListView(rows, created, form, errors, notice, serverUrl(),
                checksByLocation.getOrDefault(Check.LOCAL, List.of()).size(), withoutAgent));
        return "agents/list";
    }

    private static String serverUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }
}
