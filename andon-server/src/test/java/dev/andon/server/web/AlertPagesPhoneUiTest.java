package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The alert pages in a real headless Chromium on a 375 px phone, as on-call opens them at 3 a.m.:
 * nothing wider than the screen, the alert acknowledged from the keyboard, the maintenance form
 * showing the recurring fields only when asked. Screenshots go to target/screenshots.
 */
class AlertPagesPhoneUiTest extends AndonServerTest {
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
    void alertPagesFitAPhoneAndWorkFromTheKeyboard() throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String api = "payments-api-" + id;
        String integration = "prometheus-" + id;
        assertThat(post("/api/v1/teams", "{\"slug\":\"payments-" + id + "\",\"name\":\"Payments\",\"contactChannel\":\"#payments-oncall\"}")
                .statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", """
                {"slug": "%s", "name": "Payments API", "tier": 1, "owner": "payments-%s",
                 "links": [{"type": "runbook", "url": "https://wiki.example.com/runbooks/payments-api-with-a-long-address"}]}""".formatted(api, id))
                .statusCode()).isEqualTo(201);
        for (String dependent : List.of("checkout", "subscriptions", "invoicing")) {
            post("/api/v1/services", "{\"slug\":\"%s-%s\",\"name\":\"%s\",\"tier\":2,\"dependsOn\":[{\"service\":\"%s\"}]}"
                    .formatted(dependent, id, dependent, api));
        }
        HttpResponse<String> created = post("/api/v1/integrations", """
                {"slug": "%s", "title": "Prometheus production", "service": "%s", "type": "events-v2"}""".formatted(integration, api));
        String key = json(created).path("key").asString();
        assertThat(post("/api/v1/maintenance-windows", """
                {"slug": "backup-%s", "title": "Nightly backup", "services": ["%s"], "cron": "30 2 * * *", "duration": "45m",
                 "timezone": "Europe/Berlin"}""".formatted(id, api)).statusCode()).isEqualTo(201);
        send(HttpRequest.newBuilder(uri("/v2/change/enqueue")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                {"routing_key": "%s", "payload": {"summary": "Deploy payments-api 7f3c2e1d9a (rollout 3 of 4) by a.very.long.username@example.com",
                 "source": "argo-cd"}, "links": [{"href": "https://argo.example.com/applications/payments-api?resource=deployment", "text": "Argo CD"}]}"""
                .formatted(key))).build());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> sent = send(HttpRequest.newBuilder(uri("/v2/enqueue")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"routing_key": "%s", "event_action": "trigger", "dedup_key": "p99-%s-%d",
                             "payload": {"summary": "PaymentsLatencyHigh: p99 latency of POST /v1/payments/authorize above 2s for 10 minutes on payments-api-7d9f8b6c5-x2k4q",
                                         "source": "prometheus-0.monitoring.svc.cluster.local:9090", "severity": "%s", "class": "PaymentsLatencyHigh",
                                         "custom_details": {"description": "Check the card network status page, then the connection pool.",
                                                            "labels": {"alertname": "PaymentsLatencyHigh", "namespace": "payments", "pod": "payments-api-7d9f8b6c5-x2k4q"},
                                                            "query": "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service=\\"payments-api\\"}[5m])) by (le)) > 2"}},
                             "links": [{"href": "https://grafana.example.com/d/payments/payments-overview?orgId=1&var-namespace=payments", "text": "Payments dashboard"}],
                             "client": "Prometheus", "client_url": "https://prometheus.example.com/alerts"}""".formatted(key, id, i % 2, i == 2 ? "warning" : "critical")))
                    .build());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        }
        long alert = json(get("/api/v1/alerts?service=" + api)).get(0).path("id").asLong();

        driver.get(uri("/login").toString());
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/services"));

        driver.get(uri("/alerts/" + alert).toString());
        browser.screenshot("alert-desktop");
        driver.get(uri("/alerts").toString());
        browser.screenshot("alerts-desktop");

        browser.phone(375);
        for (String path : List.of("/alerts", "/alerts/" + alert, "/integrations", "/integrations/" + integration, "/integrations/new",
                "/maintenance", "/maintenance/backup-" + id, "/maintenance/new", "/reports/noise", "/services/" + api)) {
            driver.get(uri(path).toString());
            assertThat(browser.horizontalOverflow()).as(path + " fits a 375 px phone").isFalse();
            browser.screenshot("phone" + path.replace("/alerts/" + alert, "/alert").replace("-" + id, "").replaceAll("[^a-z0-9]+", "-"));
        }

        // Acknowledge from the keyboard: the button takes focus and Enter submits it.
        driver.get(uri("/alerts/" + alert).toString());
        driver.findElement(By.cssSelector(".alert-head form[action='/alerts/" + alert + "/acknowledge'] button")).sendKeys(Keys.ENTER);
        browser.waiting().until(ExpectedConditions.urlContains("done=acknowledged"));
        assertThat(driver.findElement(By.cssSelector(".alert-head .status")).getText()).isEqualTo("Acknowledged");
        assertThat(driver.findElements(By.cssSelector("form[action='/alerts/" + alert + "/acknowledge']"))).isEmpty();
        assertThat(browser.horizontalOverflow()).isFalse();

        // The maintenance form shows cron, RRULE and duration only for a recurring window; a bad cron is named next to its field.
        driver.get(uri("/maintenance/new").toString());
        assertThat(driver.findElement(By.id("cron")).isDisplayed()).isFalse();
        driver.findElement(By.id("kind-recurring")).click();
        assertThat(driver.findElement(By.id("cron")).isDisplayed()).isTrue();
        driver.findElement(By.id("name")).sendKeys("Reindex " + id);
        driver.findElement(By.cssSelector("input[name='services'][value='" + api + "']")).click();
        driver.findElement(By.id("cron")).sendKeys("every night");
        driver.findElement(By.id("duration")).sendKeys("1h");
        driver.findElement(By.cssSelector("main form button[type='submit'].primary")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("cron-error")));
        assertThat(driver.findElement(By.id("cron-error")).getText()).contains("'every night' is not a five-field cron expression");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus on the field to fix").isEqualTo("cron");
        assertThat(driver.findElement(By.id("cron")).getAttribute("value")).isEqualTo("every night");
        assertThat(browser.horizontalOverflow()).isFalse();
        browser.screenshot("phone-maintenance-error");
    }
}
