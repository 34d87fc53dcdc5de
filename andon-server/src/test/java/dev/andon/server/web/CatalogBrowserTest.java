package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.andon.server.support.AndonServerTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The catalog as a person uses it, in a real headless Chromium against the real server: sign in,
 * create a team and two dependent services through the forms, and read them back on the service
 * page and the graph. Saves screenshots to target/screenshots for a human look.
 */
class CatalogBrowserTest extends AndonServerTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");

    private ChromeDriverService driverService;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String message = "Browser tests skipped: install chromium and chromium-driver (" + CHROMIUM + " and " + CHROMEDRIVER + " are needed)";
            if ("true".equalsIgnoreCase(System.getenv("ANDON_REQUIRE_BROWSER"))) {
                fail("ANDON_REQUIRE_BROWSER=true but the browser is missing. " + message);
            }
            System.err.println(message);
            Assumptions.assumeTrue(false, message);
        }
        profile = Files.createTempDirectory("andon-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        driver = new ChromeDriver(driverService, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // Screenshots show the dark theme on-call sees at night; headless Chromium would otherwise report "light".
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void createsATeamAndDependentServicesAndShowsTheirBlastRadiusAndGraph() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String team = "sre-" + suffix;
        String database = "orders-db-" + suffix;
        String api = "orders-api-" + suffix;

        signIn("admin", ADMIN_PASSWORD);
        // The click returns before the browser has followed the redirect.
        wait.until(ExpectedConditions.urlMatches("/services$"));

        // A team, through its form.
        open("/teams/new");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("the first field has focus").isEqualTo("name");
        type("name", "Orders SRE " + suffix);
        type("slug", team);
        type("contactChannel", "#orders-oncall-" + suffix);
        driver.findElement(By.cssSelector("input[name='members'][value='admin']")).click();
        submit();
        wait.until(ExpectedConditions.urlToBe(uri("/teams/" + team).toString()));
        assertThat(text("h1")).isEqualTo("Orders SRE " + suffix);

        // The first service, which the second will depend on.
        open("/services/new");
        type("name", "Orders database " + suffix);
        type("slug", database);
        new Select(driver.findElement(By.id("tier"))).selectByValue("1");
        new Select(driver.findElement(By.id("owner"))).selectByValue(team);
        type("runbook", "https://runbooks.example.com/orders-db");
        type("tags", "orders, db");
        submit();
        wait.until(ExpectedConditions.urlToBe(uri("/services/" + database).toString()));

        // A mistake is reported next to its field and what was typed is kept.
        open("/services/new");
        type("name", "Orders API " + suffix);
        type("slug", api);
        type("dependsOn", "no-such-service-" + suffix);
        submit();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dependsOn-error")));
        assertThat(text("#dependsOn-error")).contains("no-such-service-" + suffix);
        assertThat(driver.findElement(By.id("name")).getAttribute("value")).isEqualTo("Orders API " + suffix);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus on the field to fix").isEqualTo("dependsOn");

        // Fixed: the second service depends on the first.
        driver.findElement(By.id("dependsOn")).clear();
        type("dependsOn", database);
        new Select(driver.findElement(By.id("tier"))).selectByValue("2");
        new Select(driver.findElement(By.id("owner"))).selectByValue(team);
        submit();
        wait.until(ExpectedConditions.urlToBe(uri("/services/" + api).toString()));

        // The first service's page: owner, who depends on it and what its failure takes down.
        open("/services/" + database);
        assertThat(text("h1")).isEqualTo("Orders database " + suffix);
        assertThat(driver.getTitle()).contains("Orders database " + suffix);
        WebElement owners = section("owners-title");
        assertThat(owners.getText()).contains("Orders SRE " + suffix).contains("#orders-oncall-" + suffix).contains("Administrator");
        assertThat(owners.findElement(By.cssSelector("a[href='/teams/" + team + "']")).isDisplayed()).isTrue();
        assertThat(section("dependents-title").findElement(By.cssSelector("a[href='/services/" + api + "']")).getText())
                .isEqualTo("Orders API " + suffix);
        WebElement blastRadius = driver.findElement(By.id("blast-radius"));
        assertThat(blastRadius.findElement(By.cssSelector("a[href='/services/" + api + "']")).isDisplayed()).isTrue();
        assertThat(blastRadius.getText()).contains("Down").contains("1 hop");
        assertThat(driver.findElements(By.cssSelector(".graph-scroll svg a[href='/services/" + api + "']"))).hasSize(1);
        assertThat(driver.findElement(By.cssSelector("a.runbook")).getAttribute("href")).isEqualTo("https://runbooks.example.com/orders-db");
        assertThat(section("history-title").getText()).contains("service.created").contains("UTC").contains("admin");
        screenshot("service-desktop");

        // Nothing depends on the second one.
        open("/services/" + api);
        assertThat(driver.findElement(By.id("blast-radius")).getText()).contains("Nothing depends on this service");

        // Live search: htmx replaces the results as one types, without a page load.
        open("/services");
        driver.findElement(By.id("q")).sendKeys(suffix);
        wait.until(driver -> driver.findElements(By.cssSelector("#service-results tbody tr")).size() == 2);
        // htmx puts the search into the address after the swap has settled, so a link to the results works.
        wait.until(ExpectedConditions.urlContains("q=" + suffix));
        assertThat(text("#service-results")).contains("Orders database " + suffix).contains("Orders API " + suffix);

        // The graph has both as linked nodes.
        open("/graph");
        assertThat(driver.findElements(By.cssSelector("svg a[href='/services/" + database + "']"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("svg a[href='/services/" + api + "']"))).hasSize(1);
        screenshot("graph-desktop");
        open("/graph?team=" + team);
        assertThat(driver.findElements(By.cssSelector("svg a.graph-node"))).hasSize(2);

        // The same pages on a phone.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        open("/services/" + database);
        assertThat(horizontalOverflow()).as("the service page fits a phone's width").isFalse();
        screenshot("service-phone");
        open("/graph");
        screenshot("graph-phone");
        open("/services");
        assertThat(horizontalOverflow()).as("the service list fits a phone's width").isFalse();
        screenshot("services-phone");
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());

        // Sign out, then a wrong password is refused.
        driver.findElement(By.cssSelector("form.sign-out button")).click();
        wait.until(ExpectedConditions.urlContains("/login?logout"));
        signIn("admin", "not-the-password");
        wait.until(ExpectedConditions.urlContains("/login?error"));
        assertThat(text("[role='alert']")).contains("Wrong username or password");
        screenshot("login-error");
        open("/services");
        assertThat(driver.getCurrentUrl()).contains("/login");
    }

    private void signIn(String username, String password) {
        open("/login");
        type("username", username);
        type("password", password);
        submit();
    }

    private void open(String path) {
        driver.get(uri(path).toString());
    }

    private void type(String id, String text) {
        driver.findElement(By.id(id)).sendKeys(text);
    }

    private void submit() {
        driver.findElement(By.cssSelector("main form button[type='submit'].primary")).click();
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private WebElement section(String headingId) {
        return driver.findElement(By.cssSelector("section[aria-labelledby='" + headingId + "']"));
    }

    private boolean horizontalOverflow() {
        Object overflow = driver.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        return Boolean.TRUE.equals(overflow);
    }

    /** A full-page capture (not just the viewport), so the whole page can be checked by eye. */
    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
