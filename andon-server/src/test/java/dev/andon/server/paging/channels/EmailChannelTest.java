package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.andon.oncall.ContactType;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("andon-mailer", "mail-password"));

    @Test
    void sendsTheAlertWithAcknowledgeAndResolveLinks() throws Exception {
        EmailChannel channel = channel(null, null);

        DeliveryResult result = channel.send("oncall@example.com", null, Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.ok("SMTP accepted by 127.0.0.1:" + greenMail.getSmtp().getPort()));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage email = received[0];
        assertThat(email.getSubject()).isEqualTo("[CRITICAL] checkout: Error rate above 5%");
        assertThat(email.getFrom()).containsExactly(new InternetAddress("andon@alerts.example.com"));
        assertThat(email.getAllRecipients()).containsExactly(new InternetAddress("oncall@example.com"));
        assertThat(email.getMessageID()).isEqualTo("<page-42-1@andon>");
        assertThat(email.getHeader("X-Andon-Idempotency-Key")).containsExactly("page-42-1");

        Map<String, String> bodies = textParts(email);
        assertThat(bodies).containsOnlyKeys("text/plain", "text/html");
        assertThat(bodies.get("text/plain"))
                .contains("Error rate is 7.5% over 5 minutes", "Severity: CRITICAL", "checkout", "Source: prometheus")
                .contains("Acknowledge: " + Messages.ACKNOWLEDGE_URL)
                .contains("Resolve:     " + Messages.RESOLVE_URL)
                .contains("Open in Andon: " + Messages.ALERT_URL);
        assertThat(bodies.get("text/html"))
                .contains("Runbook: https://wiki.example.com/checkout")
                .containsPattern("<a href=\"" + Messages.ACKNOWLEDGE_URL + "\"[^>]*>Acknowledge</a>")
                .containsPattern("<a href=\"" + Messages.RESOLVE_URL + "\"[^>]*>Resolve</a>")
                .containsPattern("<a href=\"" + Messages.ALERT_URL + "\"[^>]*>Open in Andon</a>");
    }

    @Test
    void alertTextIsEscapedInTheHtmlBody() throws Exception {
        Message message = new Message("k-1", "s", "<script>alert(1)</script>", "high", "a&b", null, null, null, null, false);

        channel(null, null).send("oncall@example.com", null, message);

        String html = textParts(greenMail.getReceivedMessages()[0]).get("text/html");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "a&amp;b").doesNotContain("<script>");
    }

    @Test
    void logsInWhenAUsernameIsSet() {
        DeliveryResult result = channel("andon-mailer", "mail-password").send("oncall@example.com", null, Messages.page());

        assertThat(result.delivered()).isTrue();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void refusedLoginIsPermanent() {
        DeliveryResult result = channel("andon-mailer", "wrong-password").send("oncall@example.com", null, Messages.page());

        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isFalse();
        assertThat(result.detail()).startsWith("SMTP login to 127.0.0.1:").doesNotContain("wrong-password");
    }

    @Test
    void idempotencyKeyBecomesAValidMessageId() {
        assertThat(EmailChannel.messageId("alert 42/step:1")).isEqualTo("<alert-42/step-1@andon>");
    }

    @Test
    void invalidAddressFailsWithoutSending() {
        DeliveryResult result = channel(null, null).send("not an address", null, Messages.page());

        assertThat(result.retryable()).isFalse();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void permanentRecipientRejectionIsNotRetried() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("550 5.1.1 <oncall@example.com>: Recipient unknown")) {
            DeliveryResult result = channelTo(smtp.port()).send("oncall@example.com", null, Messages.page());

            assertThat(result.delivered()).isFalse();
            assertThat(result.retryable()).isFalse();
            assertThat(result.detail()).isEqualTo("SMTP 127.0.0.1:" + smtp.port()
                    + " answered 550 5.1.1 <oncall@example.com>: Recipient unknown");
        }
    }

    @Test
    void temporaryRejectionIsRetried() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer("451 4.7.1 Greylisted, try again later")) {
            DeliveryResult result = channelTo(smtp.port()).send("oncall@example.com", null, Messages.page());

            assertThat(result.delivered()).isFalse();
            assertThat(result.retryable()).isTrue();
            assertThat(result.detail()).contains("451 4.7.1 Greylisted");
        }
    }

    @Test
    void unreachableMailServerIsRetried() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        DeliveryResult result = channelTo(port).send("oncall@example.com", null, Messages.page());

        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isTrue();
        assertThat(result.detail()).startsWith("Could not send through SMTP 127.0.0.1:" + port);
    }

    @Test
    void defaultsToALocalMailServerOnPort25() {
        NotifyProperties.Smtp smtp = new NotifyProperties(null, null, null).smtp();

        assertThat(smtp.host()).isEqualTo("localhost");
        assertThat(smtp.port()).isEqualTo(25);
        assertThat(smtp.from()).isEqualTo("andon@localhost");
        assertThat(smtp.starttls()).isFalse();
        assertThat(new EmailChannel(new NotifyProperties(null, null, null)).type()).isEqualTo(ContactType.EMAIL);
    }

    private static EmailChannel channel(String username, String password) {
        return new EmailChannel(new NotifyProperties(new NotifyProperties.Smtp("127.0.0.1", greenMail.getSmtp().getPort(),
                username, password, false, "andon@alerts.example.com"), null, null));
    }

    private static EmailChannel channelTo(int port) {
        return new EmailChannel(new NotifyProperties(
                new NotifyProperties.Smtp("127.0.0.1", port, null, null, false, "andon@alerts.example.com"), null, null));
    }

    /** Each text part by its content type, decoded, wherever it sits in the multipart tree. */
    private static Map<String, String> textParts(Part part) throws Exception {
        Map<String, String> parts = new HashMap<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int index = 0; index < multipart.getCount(); index++) {
                BodyPart child = multipart.getBodyPart(index);
                parts.putAll(textParts(child));
            }
        } else if (part.isMimeType("text/plain")) {
            parts.put("text/plain", (String) part.getContent());
        } else if (part.isMimeType("text/html")) {
            parts.put("text/html", (String) part.getContent());
        }
        return parts;
    }
}
