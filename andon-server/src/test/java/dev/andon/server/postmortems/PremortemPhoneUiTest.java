package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.HeadlessChromium;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The pre-mortem pages in a real headless Chromium: a risk written from the keyboard, the time box
 * counting down, nothing wider than a 375 px phone, and the incident page loading its "foreseen"
 * section through htmx. Screenshots go to target/screenshots.
 */
class PremortemPhoneUiTest extends PremortemFixtures {
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

    private void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        driver.get(uri("/login").toString());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("main form button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    /** The innermost elements that stick out on the right, to say what is too wide. */
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

    @Test
    void aPremortemFitsAPhoneAndTheIncidentPageShowsWhatWasForeseen() throws IOException {
        long premortem = open("Checkout v2 with a rather long launch name " + id, 20, "2026-04-01").path("id").asLong();
        String page = uri("/premortems/" + premortem).toString();
        addRisk(bob, premortem, "The payment provider rate-limits us on launch day because nobody told them about the campaign");
        addRisk(alice, premortem, "Payment provider rate limits us at launch");

        browser.phone(375);
        signIn(bob, password(bob));
        driver.get(page);
        String before = driver.findElement(By.cssSelector("[data-countdown]")).getText();
        browser.waiting().until(d -> !d.findElement(By.cssSelector("[data-countdown]")).getText().equals(before));
        assertThat(driver.findElement(By.id("risk-body")).equals(driver.switchTo().activeElement())).as("the risk field has the focus").isTrue();
        driver.switchTo().activeElement().sendKeys("Database connections run out at 10x traffic");
        driver.findElement(By.cssSelector("#your-risks form button[type='submit']")).sendKeys(Keys.ENTER);
        browser.waiting().until(ExpectedConditions.urlContains("notice="));
        assertThat(driver.findElement(By.id("your-risks")).getText()).contains("Database connections run out").doesNotContain("Payment provider rate limits us at launch");
        assertThat(browser.horizontalOverflow()).as("the writing page fits a phone; too wide: " + tooWide()).isFalse();
        browser.screenshot("premortem-phone-writing");

        signIn(alice, password(alice));
        driver.get(page);
        driver.findElement(By.xpath("//button[normalize-space()='Reveal the risks now']")).click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tally-row")));
        assertThat(browser.horizontalOverflow()).as("the revealed page fits a phone; too wide: " + tooWide()).isFalse();
        browser.screenshot("premortem-phone-revealed");
        // The reveal's own redirect may already carry a notice: wait for the merge's page to replace this one.
        org.openqa.selenium.WebElement revealed = driver.findElement(By.cssSelector(".tally-row"));
        driver.findElement(By.cssSelector("#suggested-merges form button")).click();
        browser.waiting().until(ExpectedConditions.stalenessOf(revealed));
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tally-row")));
        assertThat(driver.findElement(By.cssSelector(".tally-row")).getText()).contains("written by 2 people");
        driver.findElement(By.cssSelector(".tally-row details.mitigation input[name='title']")).sendKeys("Tell the provider the campaign dates", Keys.ENTER);
        browser.waiting().until(ExpectedConditions.urlContains("Mitigation"));
        assertThat(driver.findElement(By.cssSelector(".tally-row .mitigations")).getText()).contains("Tell the provider the campaign dates");
        assertThat(browser.horizontalOverflow()).isFalse();
        browser.screenshot("premortem-phone-mitigated");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        driver.get(page);
        browser.screenshot("premortem-desktop-revealed");

        long incident = json(created(post("/api/v1/incidents", """
                {"title": "Payments throttled %s", "severity": "SEV2", "services": ["%s"]}""".formatted(id, api)))).path("number").asLong();
        driver.get(uri("/incidents/" + incident).toString());
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.foreseen")));
        assertThat(driver.findElement(By.cssSelector("section.foreseen")).getText()).contains("pre-mortem of 2026-04-01")
                .contains("(written by 2 people)");
        browser.screenshot("premortem-desktop-incident-foreseen");
        browser.phone(375);
        driver.get(uri("/incidents/" + incident).toString());
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.foreseen")));
        // The incident page's own tables are checked elsewhere; here: nothing in the foreseen section sticks out.
        Object sticking = driver.executeScript("""
                var width = document.documentElement.clientWidth;
                return Array.from(document.querySelectorAll('section.foreseen, section.foreseen *'))
                  .filter(function (element) { return element.getBoundingClientRect().right > width + 0.5; })
                  .map(function (element) { return element.tagName + '.' + element.className; }).join(', ');""");
        assertThat(sticking).as("the foreseen section fits a 375 px phone").isEqualTo("");
        browser.screenshot("premortem-phone-incident-foreseen");
    }
}
