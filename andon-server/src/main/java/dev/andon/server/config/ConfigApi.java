package dev.andon.server.config;

import dev.andon.config.SourceFile;
import dev.andon.server.access.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Configuration as code over HTTP: what `andon apply` and `andon export` call. */
@RestController
@RequestMapping("/api/v1")
public class ConfigApi {
    private final ConfigApplier applier;

    public ConfigApi(ConfigApplier applier) {
        this.applier = applier;
    }

    /**
     * YAML files to plan and apply; {@code dryRun} only plans; {@code prune} deletes what the files do
     * not name. Both flags may be left out (false), which a primitive boolean would refuse.
     */
    public record ApplyRequest(List<SourceFile> files, Boolean dryRun, Boolean prune) {}

    /** The plan as text (what the CLI prints), as structured changes, and whether it was applied. */
    public record ApplyResponse(String plan, boolean applied, List<dev.andon.config.Change> changes) {}

    @PostMapping("/apply")
    public ApplyResponse apply(@RequestBody ApplyRequest request) {
        ConfigApplier.requireFiles(request.files());
        ConfigApplier.Result result = applier.apply(CurrentUser.name(), CurrentUser.isAdmin(), request.files(),
                Boolean.TRUE.equals(request.dryRun()), Boolean.TRUE.equals(request.prune()));
        return new ApplyResponse(result.plan().render(), result.applied(), result.plan().changes());
    }

    @GetMapping("/export")
    public ResponseEntity<String> export() {
        return ResponseEntity.ok().header("Content-Type", "application/yaml; charset=utf-8").body(applier.export());
    }

    @ExceptionHandler(ConfigApplier.InvalidConfigException.class)
    ProblemDetail invalid(ConfigApplier.InvalidConfigException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setType(java.net.URI.create(dev.andon.server.access.Problems.TYPE_BASE + "invalid-config"));
        problem.setTitle("Invalid configuration");
        problem.setProperty("code", "invalid-config");
        problem.setProperty("errors", e.problems().stream().map(Object::toString).toList());
        problem.setProperty("problems", e.problems().stream()
                .map(p -> Map.of("file", p.file(), "line", p.line(), "column", p.column(), "message", p.message())).toList());
        return problem;
    }
}
