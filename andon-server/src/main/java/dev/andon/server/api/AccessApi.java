package dev.andon.server.api;

import dev.andon.server.access.Accounts;
import dev.andon.server.access.ApiTokens;
import dev.andon.server.access.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API tokens of the signed-in user, and passwords. */
@RestController
@RequestMapping("/api/v1")
public class AccessApi {
    private final ApiTokens tokens;
    private final Accounts accounts;

    public AccessApi(ApiTokens tokens, Accounts accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    /** What a client sends to create a token. */
    public record TokenRequest(String name, List<String> scopes) {}

    @GetMapping("/tokens")
    public List<ApiTokens.TokenInfo> tokens() {
        return tokens.list(CurrentUser.name());
    }

    /** Creates a token for the caller; the answer holds the secret, shown this once. */
    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    public ApiTokens.CreatedToken createToken(@RequestBody TokenRequest request) {
        return tokens.create(CurrentUser.name(), request.name(), request.scopes());
    }

    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revokeToken(@PathVariable long id) {
        tokens.revoke(CurrentUser.name(), CurrentUser.isAdmin(), id);
    }

    /** A new password; admins may set anyone's, others only their own. */
    public record PasswordRequest(String password) {}

    @PutMapping("/users/{username}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void setPassword(@PathVariable String username, @RequestBody PasswordRequest request) {
        if (!username.equals(CurrentUser.name())) {
            CurrentUser.requireAdmin("set another user's password");
        }
        accounts.setPassword(CurrentUser.name(), username, request.password());
    }
}
