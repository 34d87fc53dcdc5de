package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.EscalationTier;
import dev.andon.oncall.Layer;
import dev.andon.oncall.Restriction;
import dev.andon.oncall.RotationLength;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.ScheduleOverride;
import dev.andon.server.paging.OnCallStore;
import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The on-call pages in a real headless Chromium, on a desktop and on a 375 px phone: nothing wider
 * than the screen, the override added from the keyboard, a bad phone number named next to its
 * field with the focus on it. Screenshots go to target/screenshots.
 */
class OnCallPagesPhoneUiTest extends AndonServerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    OnCallStore onCall;

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
    void onCallPagesFitAPhoneAndWorkFromTheKeyboard() throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> people = List.of("amara-" + id, "bartholomew-" + id, "chen-" + id, "dana-" + id);
        List<String> names = List.of("Amara Okonkwo", "Bartholomew Featherstonehaugh", "Chen Wei", "Dana Duty");
        for (int i = 0; i < people.size(); i++) {
            assertThat(post("/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"%s\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                    .formatted(people.get(i), names.get(i), people.get(i))).statusCode()).isEqualTo(201);
        }
        String team = "payments-" + id;
        String schedule = "payments-primary-" + id;
        String policy = "payments-pager-" + id;
        String service = "payments-api-" + id;
        assertThat(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"Payments\",\"contactChannel\":\"#payments-oncall\"}".formatted(team))
                .statusCode()).isEqualTo(201);
        LocalDateTime monday = LocalDateTime.now(BERLIN).minusDays(3).truncatedTo(ChronoUnit.DAYS).withHour(9);
        onCall.createSchedule("test", new Schedule(schedule, "Payments primary", "Card payments and payouts", team, BERLIN, List.of(
                new Layer("weekly", monday, new RotationLength(1, ChronoUnit.WEEKS), people.subList(0, 3), List.of(), null),
                new Layer("business-hours", monday, new RotationLength(1, ChronoUnit.DAYS), List.of(people.get(1), people.get(2)),
                        List.of(new Restriction(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0))), null))));
        Instant now = Instant.now();
        onCall.addOverride("test", schedule, new ScheduleOverride(0, people.get(3), now.plus(Duration.ofDays(4)), now.plus(Duration.ofDays(5)),
                null, "Amara at a wedding"));
        onCall.createPolicy("test", new EscalationPolicy(policy, "Payments pager", "Pages the payments rotation, then the lead", team, List.of(
                new EscalationTier(List.of(EscalationTarget.schedule(schedule)), Duration.ofMinutes(10)),
                new EscalationTier(List.of(EscalationTarget.user(people.get(1)), EscalationTarget.user(people.get(2))), Duration.ofMinutes(15))), 2));
        assertThat(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Payments API\",\"tier\":1,\"owner\":\"%s\",\"escalationPolicy\":\"%s\"}"
                .formatted(service, team, policy)).statusCode()).isEqualTo(201);

        HttpResponse<String> integration = post("/api/v1/integrations", """
                {"slug": "events-%s", "title": "Prometheus", "service": "%s", "type": "events-v2"}""".formatted(id, service));
        String key = json(integration).path("key").asString();
        assertThat(send(HttpRequest.newBuilder(uri("/v2/enqueue")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "p99-%s",
                 "payload": {"summary": "PaymentsLatencyHigh: p99 above 2s", "source": "prometheus", "severity": "critical"}}""".formatted(key, id)))
                .build()).statusCode()).isEqualTo(202);
        long alert = json(get("/api/v1/alerts?service=" + service)).get(0).path("id").asLong();

        driver.get(uri("/login").toString());
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/services"));

        List<String> paths = List.of("/schedules", "/schedules/" + schedule, "/escalation-policies", "/escalation-policies/" + policy,
                "/reports/oncall", "/services/" + service, "/services/" + service + "/edit", "/teams/" + team, "/alerts/" + alert);
        for (String path : paths) {
            driver.get(uri(path).toString());
            browser.screenshot("oncall-desktop" + shotName(path, id));
        }
        browser.phone(375);
        for (String path : paths) {
            driver.get(uri(path).toString());
            assertThat(browser.horizontalOverflow()).as(path + " fits a 375 px phone; too wide: " + tooWide()).isFalse();
            browser.screenshot("oncall-phone" + shotName(path, id));
        }

        // The timeline for phones is its own drawing; the wide one steps back.
        driver.get(uri("/schedules/" + schedule).toString());
        assertThat(driver.findElement(By.cssSelector("svg.schedule-timeline.narrow")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("svg.schedule-timeline.wide")).isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("details.shifts-details > summary")).click();
        assertThat(driver.findElement(By.cssSelector("table.shifts-table")).isDisplayed()).isTrue();
        assertThat(browser.horizontalOverflow()).as("the shifts table fits; too wide: " + tooWide()).isFalse();
        browser.screenshot("oncall-phone-schedule-shifts");

        // An override from the keyboard: choose the person, type the note, Enter submits.
        new Select(driver.findElement(By.id("user"))).selectByValue(people.get(2));
        driver.findElement(By.id("note")).sendKeys("Swap with Amara", Keys.ENTER);
        browser.waiting().until(ExpectedConditions.urlContains("added"));
        assertThat(driver.findElement(By.cssSelector("#overrides table")).getText()).contains("Swap with Amara").contains("Chen Wei");
        assertThat(browser.horizontalOverflow()).isFalse();

        // A member's own notification settings: a bad phone number is named next to its field, with the focus there.
        String dana = people.get(3);
        assertThat(put("/api/v1/users/" + dana + "/password", "{\"password\":\"dana-password-1234\"}").statusCode()).isEqualTo(204);
        driver.manage().deleteAllCookies();
        driver.get(uri("/login").toString());
        driver.findElement(By.id("username")).sendKeys(dana);
        driver.findElement(By.id("password")).sendKeys("dana-password-1234");
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.urlContains("/services"));
        driver.get(uri("/profile/notifications").toString());
        assertThat(browser.horizontalOverflow()).isFalse();
        browser.screenshot("oncall-phone-notifications");
        new Select(driver.findElement(By.id("methodType-0"))).selectByValue("sms");
        driver.findElement(By.id("methodName-0")).sendKeys("phone");
        driver.findElement(By.id("methodAddress-0")).sendKeys("0151 2345", Keys.ENTER);
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("methodAddress-0-error")));
        assertThat(driver.findElement(By.id("methodAddress-0-error")).getText()).contains("is not a phone number in E.164 form");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus on the field to fix").isEqualTo("methodAddress-0");
        assertThat(browser.horizontalOverflow()).isFalse();
        browser.screenshot("oncall-phone-notifications-error");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        driver.get(uri("/profile/notifications").toString());
        browser.screenshot("oncall-desktop-notifications");
    }

    /** The innermost elements reaching past the right edge of the screen, to say what does not fit. */
    private Object tooWide() {
        return driver.executeScript("""
                var width = document.documentElement.clientWidth, found = [];
                document.querySelectorAll('main *').forEach(function (element) {
                  var box = element.getBoundingClientRect();
                  if (box.right > width + 0.5 && !Array.from(element.children).some(function (child) {
                        return child.getBoundingClientRect().right > width + 0.5; })) {
                    found.push(element.tagName + '.' + element.className + ' ' + Math.round(box.right));
                  }
                });
                return found.slice(0, 8).join(', ');""");
    }

    private static String shotName(String path, String id) {
        return path.replace("-" + id, "").replaceAll("/alerts/\\d+", "/alert").replaceAll("[^a-z0-9]+", "-");
    }
}
