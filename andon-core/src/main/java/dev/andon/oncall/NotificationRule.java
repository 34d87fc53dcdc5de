package dev.andon.oncall;

import java.time.Duration;

/**
 * When a person is paged, reach them on {@code contactMethod} {@code after} the page started (zero
 * for at once), unless it was acknowledged by then: "email at once, SMS after 5 minutes".
 */
public record NotificationRule(String contactMethod, Duration after) {}
