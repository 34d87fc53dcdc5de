package dev.andon.server.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests, in the dark theme on-call sees at night, with a phone
 * mode and full-page screenshots to target/screenshots. Skips the test when Chromium is not
 * installed, unless ANDON_REQUIRE_BROWSER=true.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Starts the browser, or skips the calling test when there is none. */
    public static HeadlessChromium start() throws IOException {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String message = "Browser tests skipped: install chromium and chromium-driver (" + CHROMIUM + " and " + CHROMEDRIVER + " are needed)";
            if ("true".equalsIgnoreCase(System.getenv("ANDON_REQUIRE_BROWSER"))) {
                fail("ANDON_REQUIRE_BROWSER=true but the browser is missing. " + message);
            }
            System.err.println(message);
            Assumptions.assumeTrue(false, message);
        }
        Path profile = Files.createTempDirectory("andon-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        return new HeadlessChromium(service, driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    /** A phone's screen: {@code width} CSS pixels wide, touch, high density. */
    public void phone(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 812, "deviceScaleFactor", 2, "mobile", true));
    }

    /** Whether the page is wider than the screen, so a phone would have to scroll sideways. */
    public boolean horizontalOverflow() {
        return Boolean.TRUE.equals(driver.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth"));
    }

    /** A full-page capture (not just the viewport), so the whole page can be checked by eye. */
    public void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        service.stop();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
