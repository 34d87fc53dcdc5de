package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.server.access.Accounts;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogQueries;
import dev.andon.server.catalog.CatalogService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The people who can sign in: admins' list with the form that creates an account with its first password,
 * and the page of one user (their teams and history), which admins and that user may see.
 */
@Controller
public class UserPages {
    private final CatalogService catalog;
    private final Accounts accounts;
    private final CatalogQueries queries;

    public UserPages(CatalogService catalog, Accounts accounts, CatalogQueries queries) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.queries = queries;
    }

    /** The new-user form as submitted (the password is never sent back to the browser). */
    public record UserForm(String username, String displayName, String email, String role, String password) {
        public UserForm {
            username = username == null ? "" : username.strip();
            displayName = displayName == null ? "" : displayName.strip();
            email = email == null ? "" : email.strip();
            role = role == null || role.isBlank() ? User.Role.MEMBER.wireName() : role;
            password = password == null ? "" : password;
        }
    }

    /** The user list and the creation form. */
    public record UsersView(List<User> users, UserForm form, FormErrors errors, String created) {
        public List<String> roles() {
            return List.of(User.Role.MEMBER.wireName(), User.Role.ADMIN.wireName());
        }
    }

    /** The page of one user; {@code self} when the viewer is that user. */
    public record DetailView(User user, List<Team> teams, List<EventHistory.Entry> history, boolean self) {}

    @GetMapping("/users")
    public String users(@RequestParam(required = false) String created, Model model) {
        CurrentUser.requireAdmin("manage users");
        return view(model, new UserForm("", "", "", null, ""), FormErrors.none(), created);
    }

    @PostMapping("/users")
    public String create(UserForm form, Model model, HttpServletResponse response) {
        CurrentUser.requireAdmin("manage users");
        FormErrors errors = FormErrors.none();
        User.Role role = null;
        try {
            role = User.Role.parse(form.role());
        } catch (IllegalArgumentException e) {
            errors.add("role", e.getMessage());
        }
        if (!errors.any()) {
            User user = new User(form.username(), form.displayName(), form.email().isEmpty() ? null : form.email(), role);
            try {
                // One transaction: a user whose password is refused is not left behind without one.
                catalog.inTransaction(() -> {
                    catalog.createUser(CurrentUser.name(), user);
                    accounts.setPassword(CurrentUser.name(), user.username(), form.password());
                    return null;
                });
                return "redirect:/users?created=" + user.username();
            } catch (CatalogException e) {
                errors.add(formField(e.field()), ServicePages.message(e, "user", user.username()));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return view(model, new UserForm(form.username(), form.displayName(), form.email(), form.role(), ""), errors, null);
    }

    @GetMapping("/users/{username}")
    public String show(@PathVariable String username, Model model) {
        boolean self = username.equals(CurrentUser.name());
        if (!self) {
            // Checked before the lookup, so a member gets the same answer for any other name, existing or not.
            CurrentUser.requireAdmin("see another user's page");
        }
        User user = catalog.repository().user(username)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "username", "there is no user '" + username + "'"));
        List<Team> teams = catalog.repository().teams().stream().filter(team -> team.members().contains(username))
                .sorted(Comparator.comparing(Team::name, String.CASE_INSENSITIVE_ORDER)).toList();
        model.addAttribute("view", new DetailView(user, teams, EventHistory.of(queries.history("user", username)), self));
        return "users/show";
    }

    private String view(Model model, UserForm form, FormErrors errors, String created) {
        model.addAttribute("view", new UsersView(catalog.repository().users(), form, errors, created));
        return "users";
    }

    private static String formField(String field) {
        if (field == null) {
            return "username";
        }
        return switch (field) {
            case "slug", "username" -> "username";
            case "email", "displayName", "role", "password" -> field;
            default -> "username";
        };
    }
}
