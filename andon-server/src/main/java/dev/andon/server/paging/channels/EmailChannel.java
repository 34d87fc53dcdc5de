package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Sends the page as an email with a plain-text and an HTML body, both with Acknowledge, Resolve and Open in
 * Andon links. The Message-ID comes from the idempotency key, so a retried send shows up as the same message.
 * Uses its own mail sender from {@code andon.notify.smtp.*}, independent of Spring's {@code spring.mail.*}.
 */
@Component
final class EmailChannel implements Channel {
    private static final String TIMEOUT_MILLISECONDS = "10000";
    /** An SMTP reply code at the start of a server answer, e.g. "550 5.1.1 User unknown". */
    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5][0-9]{2})[ -]");

    private final NotifyProperties.Smtp settings;
    private final JavaMailSenderImpl sender;

    EmailChannel(NotifyProperties properties) {
        this.settings = properties.smtp();
        this.sender = sender(settings);
    }

    private static JavaMailSenderImpl sender(NotifyProperties.Smtp settings) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        boolean login = settings.username() != null && !settings.username().isBlank();
        if (login) {
            sender.setUsername(settings.username());
            sender.setPassword(settings.password());
        }
        // Strings only: Properties.getProperty, which parts of Jakarta Mail use, ignores other values.
        Properties mail = new Properties();
        mail.put("mail.smtp.connectiontimeout", TIMEOUT_MILLISECONDS);
        mail.put("mail.smtp.timeout", TIMEOUT_MILLISECONDS);
        mail.put("mail.smtp.writetimeout", TIMEOUT_MILLISECONDS);
        mail.put("mail.smtp.auth", Boolean.toString(login));
        if (settings.starttls()) {
            // Required, not just enabled: with only "enable" a server that hides STARTTLS gets the password in clear.
            mail.put("mail.smtp.starttls.enable", "true");
            mail.put("mail.smtp.starttls.required", "true");
        }
        sender.setJavaMailProperties(mail);
        return sender;
    }

    @Override
    public ContactType type() {
        return ContactType.EMAIL;
    }

    @Override
    public DeliveryResult send(String address, String secret, Message message) {
        String server = settings.host() + ":" + settings.port();
        MimeMessage mime;
        try {
            mime = compose(address, message);
        } catch (AddressException e) {
            return DeliveryResult.fail("Not a valid email address: " + e.getRef());
        } catch (MessagingException e) {
            return DeliveryResult.fail("Could not build the email: " + e.getMessage());
        }
        try {
            sender.send(mime);
            return DeliveryResult.ok("SMTP accepted by " + server);
        } catch (MailAuthenticationException e) {
            return DeliveryResult.fail("SMTP login to " + server + " refused; check andon.notify.smtp.username and password");
        } catch (MailSendException e) {
            return classify(e, server);
        } catch (MailException e) {
            return DeliveryResult.retry("SMTP error at " + server + ": " + e.getMostSpecificCause().getMessage());
        }
    }

    MimeMessage compose(String address, Message message) throws MessagingException {
        InternetAddress to = new InternetAddress(address == null ? "" : address.strip(), true);
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                StandardCharsets.UTF_8.name());
        helper.setFrom(settings.from());
        helper.setTo(to);
        helper.setSubject(message.subject());
        helper.setText(plainText(message), html(message));
        // JavaMailSenderImpl keeps a Message-ID that was set before sending instead of generating a new one.
        mime.setHeader("Message-ID", messageId(message.idempotencyKey()));
        mime.setHeader("X-Andon-Idempotency-Key", message.idempotencyKey());
        // RFC 3834: tells mail servers and vacation responders not to answer automatically.
        mime.setHeader("Auto-Submitted", "auto-generated");
        return mime;
    }

    /** {@code <KEY@andon>}, with characters a Message-ID cannot hold replaced by '-'. */
    static String messageId(String idempotencyKey) {
        return "<" + idempotencyKey.replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "-") + "@andon>";
    }

    /** Permanent only when the server said so with a 5xx reply; 4xx replies and lost connections pass. */
    private static DeliveryResult classify(MailSendException e, String server) {
        List<Throwable> causes = new ArrayList<>(e.getFailedMessages().values());
        causes.add(e);
        for (Throwable cause : causes) {
            for (Throwable current = cause; current != null; current = current.getCause()) {
                String text = current.getMessage();
                Matcher reply = text == null ? null : REPLY_CODE.matcher(text);
                if (reply != null && reply.find()) {
                    String detail = "SMTP " + server + " answered " + text.strip().replaceAll("\\s+", " ");
                    return reply.group(1).startsWith("5") ? DeliveryResult.fail(detail) : DeliveryResult.retry(detail);
                }
                if (current.getCause() == current) {
                    break;
                }
            }
        }
        Throwable root = causes.getFirst();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return DeliveryResult.retry("Could not send through SMTP " + server + ": " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : " " + root.getMessage()));
    }

    static String plainText(Message message) {
        StringBuilder text = new StringBuilder();
        if (message.test()) {
            text.append("This is a test notification from Andon.\n\n");
        }
        if (!message.summary().isBlank()) {
            text.append(message.summary()).append("\n\n");
        }
        text.append("Severity: ").append(message.severity().toUpperCase(Locale.ROOT)).append('\n');
        text.append("Service:  ").append(message.service()).append('\n');
        for (String line : message.details()) {
            text.append(line).append('\n');
        }
        text.append('\n');
        if (message.acknowledgeUrl() != null) {
            text.append("Acknowledge: ").append(message.acknowledgeUrl()).append('\n');
        }
        if (message.resolveUrl() != null) {
            text.append("Resolve:     ").append(message.resolveUrl()).append('\n');
        }
        if (message.alertUrl() != null) {
            text.append("Open in Andon: ").append(message.alertUrl()).append('\n');
        }
        return text.toString();
    }

    static String html(Message message) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        if (message.test()) {
            html.append("<p><em>This is a test notification from Andon.</em></p>");
        }
        html.append("<h2 style=\"margin:0 0 8px\">").append(escape(message.subject())).append("</h2>");
        if (!message.summary().isBlank()) {
            html.append("<p>").append(escape(message.summary())).append("</p>");
        }
        html.append("<p><strong>Severity:</strong> ").append(escape(message.severity().toUpperCase(Locale.ROOT)))
                .append("<br><strong>Service:</strong> ").append(escape(message.service())).append("</p>");
        if (!message.details().isEmpty()) {
            html.append("<ul style=\"color:#555\">");
            message.details().forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
            html.append("</ul>");
        }
        html.append("<p>");
        link(html, "Acknowledge", message.acknowledgeUrl(), "#1f6feb");
        link(html, "Resolve", message.resolveUrl(), "#2da44e");
        link(html, "Open in Andon", message.alertUrl(), "#57606a");
        html.append("</p></body></html>");
        return html.toString();
    }

    /** A link drawn as a button; mail clients strip CSS classes, so the style is inline. */
    private static void link(StringBuilder html, String label, String url, String color) {
        if (url != null) {
            html.append("<a href=\"").append(escape(url)).append("\" style=\"display:inline-block;padding:8px 16px;")
                    .append("margin-right:8px;border-radius:4px;color:#fff;text-decoration:none;background:")
                    .append(color).append("\">").append(label).append("</a>");
        }
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
