package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.incidents.IncidentSeverity;
import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The path in a real headless Chromium: declare an incident from the form (the severity
 * definitions beside the choices), post a public and an internal update on its page, then, signed
 * out and with JavaScript off, see the public update and the title on the status page, and never
 * the internal one; the Statuspage-compatible JSON agrees. Screenshots go to target/screenshots.
 */
class IncidentToStatusPageBrowserTest extends AndonServerTest {
    private HeadlessChromium browser;
    private ChromeDriver driver;

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
    void declaredIncidentsPublicUpdateReachesTheStatusPageButTheInternalOneDoesNot() throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String service = "storefront-" + id;
        String slug = "shop-status-" + id;
        String title = "Checkout fails for card payments " + id;
        String publicSentence = "We identified a faulty card gateway route and are rerouting payments " + id + ".";
        String secretSentence = "Internal only: the gateway credentials expired on host pay-db-7 " + id + ".";

        // 1. Through the API: a service, and a status page with a component showing it.
        assertThat(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Storefront %s\",\"tier\":1}".formatted(service, id)).statusCode())
                .isEqualTo(201);
        HttpResponse<String> page = post("/api/v1/status-pages", """
                {"slug":"%s","title":"Shop %s","description":"How the shop is doing.","time_zone":"Europe/Berlin"}""".formatted(slug, id));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(201);
        HttpResponse<String> component = post("/api/v1/status-pages/" + slug + "/components", """
                {"name":"Checkout","service":"%s"}""".formatted(service));
        assertThat(component.statusCode()).as(component.body()).isEqualTo(201);
        assertThat(publicHtml(slug)).contains("All Systems Operational");

        // 2. Sign in, declare from the form.
        driver.get(uri("/login").toString());
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/services"));

        driver.get(uri("/incidents/new").toString());
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("the title has the focus").isEqualTo("title");
        driver.switchTo().activeElement().sendKeys(title);
        // Each severity's definition is visible next to its choice.
        for (IncidentSeverity severity : IncidentSeverity.values()) {
            WebElement choice = driver.findElement(By.cssSelector("input[name='severity'][value='" + severity.name() + "']"));
            WebElement label = choice.findElement(By.xpath("./ancestor::label"));
            assertThat(label.isDisplayed()).as(severity.name()).isTrue();
            assertThat(label.getText()).as(severity.name()).contains(severity.name(), severity.title(), severity.definition());
        }
        driver.findElement(By.cssSelector("input[name='severity'][value='SEV2']")).click();
        assertThat(driver.findElement(By.cssSelector("input[name='severity'][value='SEV2']")).isSelected()).isTrue();
        new Select(driver.findElement(By.id("services"))).selectByValue(service);
        browser.screenshot("incident-declare");
        driver.findElement(By.cssSelector("main form button[type='submit'].primary")).click();
        browser.waiting().until(ExpectedConditions.urlMatches("/incidents/\\d+$"));
        String incidentPath = driver.getCurrentUrl().substring(driver.getCurrentUrl().indexOf("/incidents/"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).endsWith(": " + title);
        assertThat(driver.findElement(By.id("impact")).getText()).contains(service);

        // The public update, status identified.
        new Select(driver.findElement(By.id("status-public"))).selectByValue("identified");
        WebElement publicBody = driver.findElement(By.id("body-public"));
        publicBody.clear();
        publicBody.sendKeys(publicSentence);
        publicBody.findElement(By.xpath("./ancestor::form//button[@type='submit']")).click();
        browser.waiting().until(ExpectedConditions.urlContains("notice="));
        assertThat(driver.findElement(By.cssSelector(".notice.ok")).getText()).isEqualTo("Public update posted.");
        assertThat(driver.findElement(By.cssSelector(".entity-title .status")).getText()).isEqualToIgnoringCase("identified");

        // The internal update, for subscribers only.
        WebElement internalBody = driver.findElement(By.id("body-internal"));
        internalBody.clear();
        internalBody.sendKeys(secretSentence);
        internalBody.findElement(By.xpath("./ancestor::form//button[@type='submit']")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice.ok"), "Internal update posted"));
        assertThat(driver.findElement(By.id("updates")).getText()).contains(publicSentence, secretSentence);
        browser.screenshot("incident-updates");

        // 3. Signed out, JavaScript off: the status page shows the public update only.
        driver.findElement(By.cssSelector("form.sign-out button")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/login"));
        driver.get(uri(incidentPath).toString());
        assertThat(driver.getCurrentUrl()).as("signed out").contains("/login");

        driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        driver.get("data:text/html,<title>off</title><script>document.title='ran'</script>");
        assertThat(driver.getTitle()).as("JavaScript is off").isEqualTo("off");

        driver.get(uri("/status/" + slug).toString());
        browser.screenshot("status-page-incident");
        assertThat(driver.getPageSource()).doesNotContainIgnoringCase("<script");
        String banner = driver.findElement(By.cssSelector(".banner")).getText();
        assertThat(banner).isNotEqualTo("All Systems Operational").isEqualTo("Partial System Outage");
        String text = driver.findElement(By.tagName("main")).getText();
        assertThat(text).contains("Active incidents", title, "Identified - " + publicSentence);
        assertThat(driver.getPageSource()).doesNotContain(secretSentence, "pay-db-7");

        // 4. The Statuspage-compatible JSON agrees.
        HttpResponse<String> unresolved = send(HttpRequest.newBuilder(uri("/status/" + slug + "/api/v2/incidents/unresolved.json")).GET().build());
        assertThat(unresolved.statusCode()).isEqualTo(200);
        assertThat(unresolved.body()).contains(publicSentence).doesNotContain(secretSentence, "pay-db-7");
        JsonNode incidents = json(unresolved).path("incidents");
        assertThat(incidents.size()).isEqualTo(1);
        assertThat(incidents.get(0).path("name").asString()).isEqualTo(title);
        assertThat(incidents.get(0).path("status").asString()).isEqualTo("identified");
        assertThat(incidents.get(0).path("impact").asString()).isEqualTo("major");
        List<String> bodies = new ArrayList<>();
        incidents.get(0).path("incident_updates").forEach(update -> bodies.add(update.path("body").asString()));
        assertThat(bodies).containsExactly(publicSentence);
    }

    private String publicHtml(String slug) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/status/" + slug)).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
