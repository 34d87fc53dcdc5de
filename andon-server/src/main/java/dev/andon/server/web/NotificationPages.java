package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.ContactType;
import dev.andon.oncall.OnCallFields;
import dev.andon.oncall.Schedule;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.OnCallStore;
import dev.andon.server.paging.Outbox;
import dev.andon.server.paging.PagingHistory;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * My notification settings: how Andon reaches me (contact methods), in what order (notification
 * rules), a test message to each method with its result, the notifications I was sent lately, and
 * my personal calendar feed of shifts. Only ever the signed-in user's own settings.
 */
@Controller
public class NotificationPages {
    static final int RECENT = 20;

    private final CatalogService catalog;
    private final Outbox outbox;
    private final PagingHistory history;
    private final OnCallStore onCall;
    private final FeedUrls feedUrls;

    public NotificationPages(CatalogService catalog, Outbox outbox, PagingHistory history, OnCallStore onCall, FeedUrls feedUrls) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.history = history;
        this.onCall = onCall;
        this.feedUrls = feedUrls;
    }

    /** A stored method as the test list shows it: the address masked when it is a credential. */
    public record MethodView(String name, String type, String address, boolean accountEmail) {}

    /** The recent notifications; {@code pending} makes the list refresh itself until each has a result. */
    public record RecentView(List<PagingHistory.Notification> notifications) {
        public boolean pending() {
            return notifications.stream().anyMatch(PagingHistory.Notification::pending);
        }
    }

    public record View(String username, NotificationForm form, FormErrors errors, List<MethodView> methods, RecentView recent,
                       List<Schedule> schedules, String feedUrl, String notice) {
        public String rowField(String name, int index) {
            return NotificationForm.field(name, index);
        }

        /** Autofocus the first problem, so the keyboard lands where the fix is. */
        public boolean focus(String field) {
            return errors.any() && errors.all().keySet().iterator().next().equals(field);
        }

        public Map<String, String> labels() {
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            for (NotificationForm.MethodRow row : form.methods()) {
                String which = row.name().isEmpty() ? "new contact method" : "contact method " + row.name();
                labels.put(rowField("methodName", row.index()), "Name of " + which);
                labels.put(rowField("methodType", row.index()), "Type of " + which);
                labels.put(rowField("methodAddress", row.index()), "Address of " + which);
                labels.put(rowField("methodSecret", row.index()), "Secret of " + which);
            }
            for (NotificationForm.RuleRow row : form.rules()) {
                labels.put(rowField("ruleMethod", row.index()), "Rule " + (row.index() + 1) + ": contact method");
                labels.put(rowField("ruleAfter", row.index()), "Rule " + (row.index() + 1) + ": after");
            }
            return labels;
        }
    }

    @GetMapping("/profile/notifications")
    public String show(@RequestParam(required = false) String saved, @RequestParam(required = false) String tested, Model model) {
        User user = me();
        String notice = saved != null ? "Saved: pages reach you as set below."
                : tested != null ? "Test sent to " + tested + ": see its result below." : null;
        return view(model, user, NotificationForm.of(user), FormErrors.none(), notice);
    }

    @PostMapping("/profile/notifications")
    public String save(@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        User user = me();
        NotificationForm form = NotificationForm.read(params);
        FormErrors errors = FormErrors.none();
        NotificationForm.Contacts contacts = form.toContacts(user, NotificationForm.secrets(params), errors);
        if (contacts != null) {
            try {
                catalog.updateUser(CurrentUser.name(), user.withContacts(contacts.methods(), contacts.rules()));
                return "redirect:/profile/notifications?saved";
            } catch (CatalogException e) {
                errors.add("methods", e.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return view(model, user, form.forDisplay(user, errors), errors, null);
    }

    @PostMapping("/profile/notifications/test")
    public String test(@RequestParam(defaultValue = "") String contactMethod) {
        outbox.test(CurrentUser.name(), contactMethod, CurrentUser.name());
        return "redirect:/profile/notifications?tested=" + SchedulePages.encode(contactMethod) + "#recent";
    }

    /** Just the list of recent notifications, which the page polls while a test or page is still pending. */
    @GetMapping("/profile/notifications/recent")
    public String recent(Model model) {
        model.addAttribute("recent", new RecentView(history.notificationsOf(CurrentUser.name(), RECENT)));
        return "oncall/recent";
    }

    private String view(Model model, User user, NotificationForm form, FormErrors errors, String notice) {
        List<MethodView> methods = reachable(user).stream().map(method -> new MethodView(method.name(), method.type().text(),
                method.type().addressIsSecret() ? OnCallFields.masked(method.address()) : method.address(),
                user.contactMethods().isEmpty())).toList();
        String feedUrl = feedUrls.person(user.username());
        model.addAttribute("view", new View(user.username(), form, errors, methods,
                new RecentView(history.notificationsOf(user.username(), RECENT)), onCall.schedulesOf(user.username()), feedUrl, notice));
        return "oncall/notifications";
    }

    /** What a page would use: the contact methods, or with none, the account's email (as the outbox does). */
    static List<ContactMethod> reachable(User user) {
        if (!user.contactMethods().isEmpty() || user.email() == null || user.email().isBlank()) {
            return user.contactMethods();
        }
        return List.of(new ContactMethod("email", ContactType.EMAIL, user.email(), null));
    }

    private User me() {
        String username = CurrentUser.name();
        return catalog.repository().user(username).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "username",
                "your account '" + username + "' is not in the catalog"));
    }
}
