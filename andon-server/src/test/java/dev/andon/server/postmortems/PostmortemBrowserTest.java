package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.andon.server.support.HeadlessChromium;
import dev.andon.server.support.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The path in a real headless Chromium, with a server of its own that mails through an
 * in-process SMTP server (GreenMail): an incident is resolved on its page → its postmortem draft
 * appears with the incident's timeline → the checker flags a sentence as it is typed → it is
 * reworded → factors are added → reviewed and published → an action item's reminder email arrives.
 * Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "andon.paging.base-url=https://andon.example.com")
class PostmortemBrowserTest {
    private static final String PASSWORD = "postmortem-browser-admin";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    @LocalServerPort
    int port;
    @Autowired
    LearningMail learningMail;

    private HeadlessChromium browser;
    private ChromeDriver driver;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase();
        registry.add("andon.database.url", () -> url);
        registry.add("andon.database.user", () -> "postgres");
        registry.add("andon.database.password", () -> "");
        registry.add("andon.admin-password", () -> PASSWORD);
        MAIL.start();
        registry.add("andon.notify.smtp.host", () -> "127.0.0.1");
        registry.add("andon.notify.smtp.port", () -> MAIL.getSmtp().getPort());
        registry.add("andon.notify.smtp.from", () -> "andon@example.com");
    }

    @AfterAll
    static void stopMail() {
        MAIL.stop();
    }

    @BeforeEach
    void startBrowser() throws IOException {
        browser = HeadlessChromium.start();
        driver = browser.driver();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aResolvedIncidentsDraftIsCheckedRewordedPublishedAndItsActionItemReminderIsMailed() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String service = "payments-" + id;
        String owner = "olivia-" + id;
        api("POST", "/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Payments %s\",\"tier\":1}".formatted(service, id));
        api("POST", "/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"Olivia %s\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                .formatted(owner, id, owner));
        long number = JSON.readTree(api("POST", "/api/v1/incidents", """
                {"title": "Card payments fail %s", "severity": "SEV2", "services": ["%s"], "customerImpact": "Card payments declined"}"""
                .formatted(id, service))).path("number").asLong();
        api("POST", "/api/v1/incidents/" + number + "/notes", "{\"body\":\"Gateway certificate rotated %s\"}".formatted(id));

        // Sign in and resolve the incident on its page.
        driver.get(uri("/login"));
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/services"));
        driver.get(uri("/incidents/" + number));
        new Select(driver.findElement(By.id("status"))).selectByValue("resolved");
        submit(driver.findElement(By.id("status")).findElement(By.xpath("./ancestor::form//button[@type='submit']")));

        // The draft is there, with the incident's timeline.
        WebElement link = driver.findElement(By.id("postmortem-link"));
        assertThat(link.getText()).contains("Draft");
        link.click();
        browser.waiting().until(ExpectedConditions.urlMatches("/postmortems/\\d+$"));
        String postmortem = driver.getCurrentUrl();
        assertThat(driver.findElement(By.id("pm-status")).getText()).isEqualToIgnoringCase("draft");
        String timeline = driver.findElement(By.id("timeline")).getText();
        assertThat(timeline).contains("SEV2 declared", "Gateway certificate rotated " + id, "investigating → resolved");

        // A blaming sentence: the live check flags it while typing, and the saved page does too.
        WebElement summary = driver.findElement(By.id("summary"));
        summary.clear();
        summary.sendKeys("The outage was human error: the certificate was rotated by hand.");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#preview-summary .flags"), "human error"));
        browser.screenshot("postmortem-flagged");
        submit(summary.findElement(By.xpath("./ancestor::section//button[@type='submit']")));
        assertThat(driver.findElement(By.id("check")).getText()).contains("human error", "Try:");

        // Reworded: the flag goes.
        summary = driver.findElement(By.id("summary"));
        summary.clear();
        summary.sendKeys("The gateway certificate was rotated by a manual step that had no check for the intermediate chain.");
        submit(summary.findElement(By.xpath("./ancestor::section//button[@type='submit']")));
        assertThat(driver.findElement(By.id("check")).getText()).doesNotContain("human error");

        // Two contributing factors with their whys: no single root cause.
        addFactor("technical", "The gateway accepted a certificate without its intermediate chain", "The rotation script does not validate the chain");
        addFactor("process", "Certificate rotation is a manual runbook step", "Rotation is rare, so it was never automated");
        assertThat(driver.findElement(By.cssSelector("#check .flag-none")).getText()).contains("No blaming language");
        browser.screenshot("postmortem-clean");

        // Review, then publish.
        driver.findElement(By.id("send-to-review")).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("pm-status"), "In review"));
        driver.findElement(By.id("publish")).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("pm-status"), "Published"));
        assertThat(driver.findElements(By.id("summary"))).as("read-only: no editor").isEmpty();
        assertThat(driver.findElement(By.id("section-summary")).getText()).contains("no check for the intermediate chain");

        // An action item due tomorrow: its owner is reminded by email.
        driver.findElement(By.xpath("//section[@id='action-items']//summary")).click();
        driver.findElement(By.id("ai-title")).sendKeys("Validate the chain in the rotation script " + id);
        new Select(driver.findElement(By.id("ai-owner"))).selectByValue(owner);
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        ((JavascriptExecutor) driver).executeScript("document.getElementById('ai-due').value = arguments[0]", tomorrow.toString());
        new Select(driver.findElement(By.id("ai-type"))).selectByValue("prevent");
        submit(driver.findElement(By.id("ai-title")).findElement(By.xpath("./ancestor::form//button[@type='submit']")));
        assertThat(driver.findElement(By.id("action-items")).getText()).contains("Validate the chain in the rotation script " + id, owner);
        browser.screenshot("postmortem-published");
        assertThat(driver.getCurrentUrl()).startsWith(postmortem);

        // At 3 a.m. on a phone: the page fits.
        browser.phone(375);
        driver.navigate().refresh();
        assertThat(browser.horizontalOverflow()).as("no sideways scrolling at 375 px").isFalse();
        browser.screenshot("postmortem-phone");

        learningMail.sweep(Instant.now());
        assertThat(MAIL.waitForIncomingEmail(Duration.ofSeconds(30).toMillis(), 1)).as("the reminder arrives").isTrue();
        MimeMessage reminder = null;
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(owner + "@example.com")) {
                reminder = message;
            }
        }
        assertThat(reminder).as("a message to " + owner).isNotNull();
        assertThat(reminder.getSubject()).contains("Action item is due on " + tomorrow, "Validate the chain in the rotation script " + id);
        assertThat(GreenMailUtil.getBody(reminder)).contains("andon.example.com/postmortems/");
    }

    /**
     * Submits a form and waits for the page it leads to. The URL alone cannot tell: after the first
     * save it already carries "notice=", so waiting for that would read the old page.
     */
    private void submit(WebElement button) {
        WebElement page = driver.findElement(By.tagName("html"));
        button.click();
        browser.waiting().until(ExpectedConditions.stalenessOf(page));
        browser.waiting().until(ExpectedConditions.urlContains("notice="));
    }

    private void addFactor(String type, String description, String why) {
        WebElement add = driver.findElement(By.cssSelector("details.add-factor"));
        if (add.getAttribute("open") == null) {
            add.findElement(By.tagName("summary")).click();
        }
        new Select(driver.findElement(By.id("factor-type-new"))).selectByValue(type);
        driver.findElement(By.id("factor-description-new")).sendKeys(description);
        driver.findElement(By.id("why-new-0")).sendKeys(why);
        driver.findElement(By.id("why-new-0")).findElement(By.xpath("./ancestor::form//button[@type='submit']")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("factors"), description));
    }

    private String uri(String path) {
        return "http://localhost:" + port + path;
    }

    private String api(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri(path))).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
