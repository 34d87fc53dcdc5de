package dev.andon.server.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The way in: the sign-in form (Spring Security handles its POST) and the front door, which is the service list. */
@Controller
public class HomePages {

    /** What the sign-in page says above the form. */
    public record LoginView(boolean failed, boolean signedOut) {}

    @GetMapping("/")
    public String home() {
        return "redirect:/services";
    }

    @GetMapping("/login")
    public String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout, Model model) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (error == null && logout == null && authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/services";
        }
        model.addAttribute("view", new LoginView(error != null, logout != null));
        return "login";
    }
}
