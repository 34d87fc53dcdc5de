package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.User;
import dev.andon.server.access.Accounts;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admins' page of the people who can sign in: the list and the form that creates an account with its first password. */
@Controller
public class UserPages {
    private final CatalogService catalog;
    private final Accounts accounts;

    public UserPages(CatalogService catalog, Accounts accounts) {
        this.catalog = catalog;
        this.accounts = accounts;
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
