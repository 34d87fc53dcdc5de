package dev.andon.server.checks;

import dev.andon.checks.InvalidCheckException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Heartbeat pings, Healthchecks style: {@code /ping/<key>} (success), {@code /start}, {@code /fail},
 * {@code /log}, {@code /<exit status>}, with {@code ?rid=<uuid>} to pair a start with its finish.
 * HEAD, GET and POST all count; a POST body (the job's output, say) is kept, up to 10 kB. Answers
 * are plain text, as curl in a crontab expects. No sign-in: the key in the URL is the credential.
 */
@RestController
public class PingController {
    private final HeartbeatService heartbeats;

    public PingController(HeartbeatService heartbeats) {
        this.heartbeats = heartbeats;
    }

    @RequestMapping(value = {"/ping/{key}", "/ping/{key}/{suffix}"}, method = {RequestMethod.GET, RequestMethod.HEAD, RequestMethod.POST},
            produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> ping(@PathVariable String key, @PathVariable(required = false) String suffix,
                                       @RequestParam(required = false) String rid, HttpServletRequest request) throws IOException {
        String body = null;
        if ("POST".equals(request.getMethod())) {
            try (InputStream in = request.getInputStream()) {
                byte[] bytes = in.readNBytes(HeartbeatService.MAX_BODY);
                body = bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
            }
        }
        try {
            return heartbeats.ping(new HeartbeatService.PingRequest(key, suffix, rid, request.getRemoteAddr(), request.getHeader("User-Agent"), body))
                    .map(found -> ResponseEntity.ok("OK\n"))
                    .orElseGet(() -> ResponseEntity.status(404).body("not found: no heartbeat has this ping key\n"));
        } catch (InvalidCheckException e) {
            return ResponseEntity.badRequest().body("invalid ping: " + e.getMessage()
                    + "\nuse /ping/<key>, /ping/<key>/start, /fail, /log or /<exit status 0-255>, and ?rid=<uuid>\n");
        }
    }
}
