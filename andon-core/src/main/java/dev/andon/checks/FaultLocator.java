package dev.andon.checks;

import dev.andon.probe.Phase;
import dev.andon.probe.ProbeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Compares the latest result of a check from each location, step by step, to say where a fault
 * sits: "works from outside, TLS fails from inside" points at a different team than "down from
 * everywhere". Locations are reported in the map's iteration order, so pass an ordered map.
 *
 * <p>With a single location there is nothing to compare and there are no findings; when every
 * location agrees and the check works there are none either.
 */
public final class FaultLocator {
    static final String DNS_ANSWER = "dns.answer";
    static final String TCP_ADDRESS = "tcp.address";
    static final String HTTP_ADDRESS = "http.address";
    static final String TLS_PROTOCOL = "tls.protocol";
    static final String HTTP_STATUS = "http.status";

    private static final List<String> PHASE_ORDER = List.of(
            Phase.DNS, Phase.CONNECT, Phase.TLS, Phase.FIRST_BYTE, Phase.TRANSFER, Phase.ASSERTION, Phase.PING);

    private FaultLocator() {
    }

    public static Diagnosis diagnose(Map<String, ProbeResult> latestByLocation) {
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        latestByLocation.forEach((location, result) -> {
            if (location != null && result != null) {
                results.put(location, result);
            }
        });
        List<Diagnosis.Step> steps = new ArrayList<>();
        step("DNS answer", results, FaultLocator::dnsAnswer).ifPresent(steps::add);
        step("Connect", results, FaultLocator::connect).ifPresent(steps::add);
        step("TLS", results, FaultLocator::tls).ifPresent(steps::add);
        step("HTTP status", results, FaultLocator::httpStatus).ifPresent(steps::add);
        step("Result", results, FaultLocator::result).ifPresent(steps::add);
        return new Diagnosis(steps, results.size() < 2 ? List.of() : findings(results));
    }

    /** What one location shows for a step, and the part of it that has to agree across locations. */
    private record Cell(String shown, String compared) {
    }

    private static Optional<Diagnosis.Step> step(String name, Map<String, ProbeResult> results,
                                                 Function<ProbeResult, Optional<Cell>> cellOf) {
        Map<String, String> shown = new LinkedHashMap<>();
        Set<String> compared = new LinkedHashSet<>();
        results.forEach((location, result) -> cellOf.apply(result).ifPresent(cell -> {
            shown.put(location, cell.shown());
            compared.add(cell.compared());
        }));
        return shown.isEmpty() ? Optional.empty() : Optional.of(new Diagnosis.Step(name, shown, compared.size() > 1));
    }

    private static Optional<Cell> dnsAnswer(ProbeResult result) {
        String answer = result.observations().get(DNS_ANSWER);
        if (answer != null) {
            return Optional.of(new Cell(answer, answerSet(answer)));
        }
        return failedIn(result, Phase.DNS) ? Optional.of(failure(result, null)) : Optional.empty();
    }

    private static Optional<Cell> connect(ProbeResult result) {
        String address = address(result);
        if (failedIn(result, Phase.CONNECT)) {
            return Optional.of(failure(result, address));
        }
        if (address != null) {
            return Optional.of(new Cell("ok (" + address + ")", "ok"));
        }
        return result.phases().containsKey(Phase.CONNECT) ? Optional.of(new Cell("ok", "ok")) : Optional.empty();
    }

    private static Optional<Cell> tls(ProbeResult result) {
        if (failedIn(result, Phase.TLS)) {
            return Optional.of(failure(result, null));
        }
        String protocol = result.observations().get(TLS_PROTOCOL);
        return protocol == null ? Optional.empty() : Optional.of(new Cell(protocol, protocol));
    }

    private static Optional<Cell> httpStatus(ProbeResult result) {
        String status = result.observations().get(HTTP_STATUS);
        return status == null ? Optional.empty() : Optional.of(new Cell(status, status));
    }

    private static Optional<Cell> result(ProbeResult result) {
        String shown = result.message().isBlank() ? result.status().name() : result.status().name() + ": " + result.message();
        return Optional.of(new Cell(shown, result.status().name()));
    }

    private static Cell failure(ProbeResult result, String address) {
        String shown = result.message().isBlank() ? "failed" : "failed: " + result.message();
        return new Cell(address == null ? shown : shown + " (" + address + ")", "failed");
    }

    private static boolean failedIn(ProbeResult result, String phase) {
        return result.status() == ProbeResult.Status.DOWN && phase.equals(result.failedPhase());
    }

    private static String address(ProbeResult result) {
        String address = result.observations().get(TCP_ADDRESS);
        return address != null ? address : result.observations().get(HTTP_ADDRESS);
    }

    /** Resolvers rotate the order of their answers; only the set of addresses has to agree. */
    private static String answerSet(String answer) {
        return Arrays.stream(answer.split(",")).map(String::strip).filter(part -> !part.isEmpty())
                .sorted().collect(Collectors.joining(","));
    }

    private static List<String> findings(Map<String, ProbeResult> results) {
        List<String> findings = new ArrayList<>();
        dnsFinding(results).ifPresent(findings::add);
        findings.addAll(failureFindings(results));
        differenceFinding("TLS protocol differs", results, result -> result.observations().get(TLS_PROTOCOL))
                .ifPresent(findings::add);
        differenceFinding("HTTP status differs", results, result -> result.observations().get(HTTP_STATUS))
                .ifPresent(findings::add);
        degradedFinding(results).ifPresent(findings::add);
        return findings;
    }

    /** "DNS answers differ between outside (203.0.113.7) and inside (10.0.0.7)". */
    private static Optional<String> dnsFinding(Map<String, ProbeResult> results) {
        Map<String, List<String>> locationsBySet = new LinkedHashMap<>();
        Map<String, String> answers = new LinkedHashMap<>();
        results.forEach((location, result) -> {
            String answer = result.observations().get(DNS_ANSWER);
            if (answer != null) {
                answers.put(location, answer);
                locationsBySet.computeIfAbsent(answerSet(answer), set -> new ArrayList<>()).add(location);
            }
        });
        if (locationsBySet.size() < 2) {
            return Optional.empty();
        }
        List<String> parts = locationsBySet.values().stream().flatMap(List::stream)
                .map(location -> location + " (" + answers.get(location) + ")").toList();
        return Optional.of("DNS answers differ between " + joined(parts));
    }

    private static List<String> failureFindings(Map<String, ProbeResult> results) {
        List<String> working = locations(results, ProbeResult::up);
        List<String> down = locations(results, result -> !result.up());
        if (down.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> downByPhase = new LinkedHashMap<>();
        phasesInOrder(results, down).forEach(phase -> downByPhase.put(phase,
                down.stream().filter(location -> Objects.equals(phase, results.get(location).failedPhase())).toList()));
        if (working.isEmpty()) {
            return List.of(downEverywhere(results, downByPhase));
        }
        List<String> findings = new ArrayList<>();
        downByPhase.forEach((phase, failing) -> {
            String step = stepName(phase);
            if (failing.size() == 1 && working.size() == results.size() - 1) {
                findings.add(step + " fails only from " + failing.getFirst());
            } else {
                findings.add(step + " fails from " + joined(failing) + " but works from " + joined(working));
            }
        });
        return findings;
    }

    /** "Down from every location: connection refused", or where each one fails when they differ. */
    private static String downEverywhere(Map<String, ProbeResult> results, Map<String, List<String>> downByPhase) {
        Set<String> messages = results.values().stream().map(ProbeResult::message).collect(Collectors.toSet());
        if (downByPhase.size() == 1) {
            String phase = downByPhase.keySet().iterator().next();
            String message = messages.iterator().next();
            if (messages.size() == 1 && !message.isBlank()) {
                return "Down from every location: " + message;
            }
            return phase == null ? "Down from every location" : "Down from every location, failing at " + phaseWords(phase);
        }
        List<String> parts = new ArrayList<>();
        downByPhase.forEach((phase, failing) -> parts.add(phaseWords(phase) + " from " + joined(failing)));
        return "Down from every location, at different steps: " + String.join(", ", parts);
    }

    /** "HTTP status differs: 503 from outside, 200 from inside and dc-2". */
    private static Optional<String> differenceFinding(String title, Map<String, ProbeResult> results,
                                                      Function<ProbeResult, String> valueOf) {
        Map<String, List<String>> locationsByValue = new LinkedHashMap<>();
        results.forEach((location, result) -> {
            String value = valueOf.apply(result);
            if (value != null) {
                locationsByValue.computeIfAbsent(value, key -> new ArrayList<>()).add(location);
            }
        });
        if (locationsByValue.size() < 2) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        locationsByValue.forEach((value, locations) -> parts.add(value + " from " + joined(locations)));
        return Optional.of(title + ": " + String.join(", ", parts));
    }

    private static Optional<String> degradedFinding(Map<String, ProbeResult> results) {
        List<String> degraded = locations(results, result -> result.status() == ProbeResult.Status.DEGRADED);
        List<String> up = locations(results, result -> result.status() == ProbeResult.Status.UP);
        if (degraded.isEmpty() || up.isEmpty()) {
            return Optional.empty();
        }
        if (degraded.size() == 1 && up.size() == results.size() - 1) {
            return Optional.of("Degraded only from " + degraded.getFirst());
        }
        return Optional.of("Degraded from " + joined(degraded) + " but up from " + joined(up));
    }

    /** The failed phases of these locations, known phases in the order a probe runs them, then any others. */
    private static List<String> phasesInOrder(Map<String, ProbeResult> results, List<String> locations) {
        Set<String> phases = new LinkedHashSet<>();
        locations.forEach(location -> phases.add(results.get(location).failedPhase()));
        List<String> ordered = new ArrayList<>(PHASE_ORDER.stream().filter(phases::contains).toList());
        phases.stream().filter(phase -> phase == null || !PHASE_ORDER.contains(phase)).forEach(ordered::add);
        return ordered;
    }

    /** The step a phase belongs to, as it reads inside a sentence: "DNS", "connect", "the response". */
    private static String phaseWords(String phase) {
        if (phase == null) {
            return "the check";
        }
        return switch (phase) {
            case Phase.DNS -> "DNS";
            case Phase.CONNECT -> "connect";
            case Phase.TLS -> "TLS";
            case Phase.FIRST_BYTE -> "the response";
            case Phase.TRANSFER -> "the transfer";
            case Phase.ASSERTION -> "the assertion";
            case Phase.PING -> "ping";
            default -> "the " + phase + " step";
        };
    }

    /** The same, opening a sentence. */
    private static String stepName(String phase) {
        String words = phaseWords(phase);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static List<String> locations(Map<String, ProbeResult> results, Predicate<ProbeResult> which) {
        return results.entrySet().stream().filter(entry -> which.test(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    /** "a", "a and b", "a, b and c". */
    private static String joined(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }
}
