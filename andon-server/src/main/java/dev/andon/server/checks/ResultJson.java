package dev.andon.server.checks;

import dev.andon.probe.ProbeResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Probe results as JSON: phases in milliseconds (fractional), observations as strings. Used in storage and by agents. */
public final class ResultJson {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private ResultJson() {}

    public static ObjectNode write(ProbeResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", result.status().name());
        node.put("message", result.message());
        if (result.failedPhase() != null) {
            node.put("failedPhase", result.failedPhase());
        }
        ObjectNode phases = node.putObject("phases");
        result.phases().forEach((name, took) -> phases.put(name, millis(took)));
        ObjectNode observations = node.putObject("observations");
        result.observations().forEach(observations::put);
        return node;
    }

    public static ProbeResult read(String json) {
        return read(JSON.readTree(json));
    }

    public static ProbeResult read(JsonNode node) {
        Map<String, Duration> phases = new LinkedHashMap<>();
        JsonNode phaseNode = node.path("phases");
        for (String name : phaseNode.propertyNames()) {
            phases.put(name, Duration.ofNanos(Math.round(phaseNode.get(name).asDouble() * 1_000_000)));
        }
        Map<String, String> observations = new LinkedHashMap<>();
        JsonNode observationNode = node.path("observations");
        for (String name : observationNode.propertyNames()) {
            observations.put(name, observationNode.get(name).asString());
        }
        JsonNode failedPhase = node.get("failedPhase");
        return new ProbeResult(ProbeResult.Status.valueOf(node.path("status").asString("DOWN")), node.path("message").asString(""),
                failedPhase == null || failedPhase.isNull() ? null : failedPhase.asString(), phases, observations);
    }

    static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
