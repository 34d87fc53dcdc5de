package dev.andon.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page of the web UI its {@link PageContext} as the model attribute "page", which the layout reads. */
@ControllerAdvice(basePackageClasses = PageAdvice.class)
public class PageAdvice {

    @ModelAttribute("page")
    public PageContext page(HttpServletRequest request) {
        return PageContext.of(request);
    }
}
