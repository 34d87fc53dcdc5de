package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.Accounts;
import dev.andon.server.access.ApiTokens;
import dev.andon.server.access.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * My account: API tokens for scripts and CI (shown once, revocable) and my password. A new token is
 * rendered in the answer to the POST itself, never via a redirect, so its secret is never stored in the session.
 */
@Controller
public class ProfilePages {
    private final ApiTokens tokens;
    private final Accounts accounts;
    private final PasswordEncoder passwords;

    public ProfilePages(ApiTokens tokens, Accounts accounts, PasswordEncoder passwords) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.passwords = passwords;
    }

    /** The token form as submitted. */
    public record TokenForm(String tokenName, List<String> scopes) {
        public TokenForm {
            tokenName = tokenName == null ? "" : tokenName.strip();
            scopes = scopes == null ? List.of() : scopes;
        }

        public boolean has(String scope) {
            return scopes.contains(scope);
        }
    }

    /** The profile page; {@code created} is the token made by this very request, or null. */
    public record ProfileView(String username, List<ApiTokens.TokenInfo> tokens, ApiTokens.CreatedToken created, TokenForm tokenForm,
                              FormErrors tokenErrors, FormErrors passwordErrors, String notice) {
        public List<String> allScopes() {
            return ApiTokens.SCOPES;
        }
    }

    @GetMapping("/profile")
    public String profile(@RequestParam(required = false) String passwordChanged, @RequestParam(required = false) String revoked,
                          Model model) {
        String notice = passwordChanged != null ? "Your password has been changed."
                : revoked != null ? "The token has been revoked: it no longer works." : null;
        return view(model, null, new TokenForm("", List.of("read")), FormErrors.none(), FormErrors.none(), notice);
    }

    @PostMapping("/profile/tokens")
    public String createToken(TokenForm form, Model model, HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        try {
            ApiTokens.CreatedToken created = tokens.create(CurrentUser.name(), form.tokenName(), form.scopes());
            response.setStatus(HttpStatus.CREATED.value());
            return view(model, created, new TokenForm("", List.of("read")), FormErrors.none(), FormErrors.none(), null);
        } catch (CatalogException e) {
            errors.add("name".equals(e.field()) ? "tokenName" : "scopes", e.getMessage());
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return view(model, null, form, errors, FormErrors.none(), null);
        }
    }

    @PostMapping("/profile/tokens/{id}/revoke")
    public String revoke(@PathVariable long id) {
        tokens.revoke(CurrentUser.name(), false, id);
        return "redirect:/profile?revoked";
    }

    @PostMapping("/profile/password")
    public String changePassword(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String newPassword,
                                 @RequestParam(defaultValue = "") String confirmPassword, Model model, HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        String username = CurrentUser.name();
        // Asking for the current password means an unlocked phone left on a desk cannot be used to take the account.
        if (!passwords.matches(currentPassword, accounts.loadUserByUsername(username).getPassword())) {
            errors.add("currentPassword", "this is not your current password");
        }
        if (!newPassword.equals(confirmPassword)) {
            errors.add("confirmPassword", "the two new passwords differ");
        }
        if (!errors.any()) {
            try {
                accounts.setPassword(username, username, newPassword);
                return "redirect:/profile?passwordChanged";
            } catch (CatalogException e) {
                errors.add("newPassword", e.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return view(model, null, new TokenForm("", List.of("read")), FormErrors.none(), errors, null);
    }

    private String view(Model model, ApiTokens.CreatedToken created, TokenForm form, FormErrors tokenErrors, FormErrors passwordErrors,
                        String notice) {
        String username = CurrentUser.name();
        model.addAttribute("view", new ProfileView(username, tokens.list(username), created, form, tokenErrors, passwordErrors, notice));
        return "profile";
    }
}
