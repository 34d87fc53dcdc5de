package dev.andon.server.statuspage;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.andon.server.statuspage.StatusPageStore.Page;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Writes each status page as static files (index.html, api/v2/*.json, history.rss, history.atom)
 * under {@code andon.status.publish-dir}/{slug}/ and, when {@code andon.status.s3.bucket} is set, to
 * that bucket under {@code prefix}{slug}/, so a web server or CDN can serve it even while Andon is
 * down. A change schedules a publish task a few seconds out (changes meanwhile join it);
 * a periodic run catches what no change announces (check states, incident updates) and writes only
 * files whose content changed.
 */
@Component
public class StatusPublisher {
    static final String TASK = "status-page-publish";
    static final Duration DEBOUNCE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

    private final DSLContext sql;
    private final StatusPageStore store;
    private final StatusPages pages;
    private final StatusRenderer renderer;
    private final Clock clock;
    private final Environment environment;
    private final StatusBucket bucket;

    private final org.springframework.beans.factory.ObjectProvider<StatusPageFilter> servedPages;

    public StatusPublisher(DSLContext sql, StatusPageStore store, StatusPages pages, StatusRenderer renderer, Clock clock, Environment environment,
                           StatusProperties properties, org.springframework.beans.factory.ObjectProvider<StatusPageFilter> servedPages) {
        this.servedPages = servedPages;
        this.sql = sql;
        this.store = store;
        this.pages = pages;
        this.renderer = renderer;
        this.clock = clock;
        this.environment = environment;
        this.bucket = properties.s3().configured() ? new StatusBucket(properties.s3()) : null;
        if (bucket != null) {
            log.info("Status pages are also published to {}", bucket.describe());
        }
    }

    @PreDestroy
    void close() {
        if (bucket != null) {
            bucket.close();
        }
    }

    @Bean
    static OneTimeTask<Void> statusPagePublishTask(StatusPublisher publisher) {
        return Tasks.oneTime(TASK).execute((instance, context) -> publisher.publish(instance.getId()));
    }

    @Bean
    static RecurringTask<Void> statusPagesRefreshTask(StatusPublisher publisher) {
        return Tasks.recurring("status-pages-refresh", FixedDelay.of(Duration.ofSeconds(30))).execute((instance, context) -> publisher.refreshAll());
    }

    /** Schedules the page's publication in {@link #DEBOUNCE}, in the caller's transaction; one already due absorbs this one. */
    public void schedule(String slug) {
        // The page served from memory is dropped once the change is committed, on this node at once (others within 2 s).
        dev.andon.server.events.AfterCommit.run(() -> invalidateServed(slug));
        sql.execute("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                values (?, ?, ?::timestamptz, false, 1, 0) on conflict do nothing""", TASK, slug, clock.instant().plus(DEBOUNCE).atOffset(ZoneOffset.UTC));
    }

    /** Records component states; a page whose state changed is published, every page at least once per run. */
    void refreshAll() {
        for (Page page : store.pages()) {
            try {
                StatusSnapshot snapshot = pages.snapshot(page);
                if (pages.recordStates(snapshot)) {
                    snapshot = pages.snapshot(store.require(page.slug()));
                    StatusPageFilter served = servedPages.getIfAvailable();
                    if (served != null) {
                        served.invalidate(page.slug());
                    }
                }
                write(page.slug(), snapshot);
            } catch (RuntimeException e) {
                log.warn("Cannot publish status page {}: {}", page.slug(), e.toString());
            }
        }
    }

    /** Publishes one page now (a page deleted meanwhile is removed). */
    public void publish(String slug) {
        StatusSnapshot snapshot = pages.snapshot(slug).orElse(null);
        if (snapshot == null) {
            unpublish(slug);
            return;
        }
        if (pages.recordStates(snapshot)) {
            snapshot = pages.snapshot(slug).orElseThrow();
        }
        write(slug, snapshot);
    }

    private void write(String slug, StatusSnapshot snapshot) {
        Path root = publishDirectory();
        if (root == null && bucket == null) {
            return;
        }
        Map<String, String> files = renderer.files(snapshot);
        if (root != null) {
            writeTo(root.resolve(slug), files);
        }
        if (bucket != null) {
            // The directory is written even when the bucket is unreachable; the next refresh tries the bucket again.
            try {
                bucket.sync(slug, files);
            } catch (RuntimeException e) {
                log.warn("Cannot publish status page {} to {}: {}", slug, bucket.describe(), e.getMessage());
            }
        }
    }

    /** Writes the files under {@code directory}, each atomically and only when its content changed; returns how many were written. */
    static int writeTo(Path directory, Map<String, String> files) {
        int written = 0;
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = directory.resolve(file.getKey()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IllegalStateException("refusing to write outside " + directory + ": " + file.getKey());
                }
                byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
                if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path temporary = Files.createTempFile(target.getParent(), ".publish-", ".tmp");
                Files.write(temporary, bytes);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the status page to " + directory, e);
        }
        return written;
    }

    /** Removes a deleted page's files. */
    public void unpublish(String slug) {
        if (bucket != null && dev.andon.catalog.Slug.isValid(slug)) {
            try {
                bucket.remove(slug);
            } catch (RuntimeException e) {
                log.warn("Cannot remove status page {} from {}: {}", slug, bucket.describe(), e.getMessage());
            }
        }
        Path root = publishDirectory();
        if (root == null || !dev.andon.catalog.Slug.isValid(slug)) {
            return;
        }
        Path directory = root.resolve(slug);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where pages are published; null when andon.status.publish-dir is not set (pages are then only served). */
    Path publishDirectory() {
        String configured = environment.getProperty("andon.status.publish-dir");
        return configured == null || configured.isBlank() ? null : Path.of(configured).toAbsolutePath().normalize();
    }

    private void invalidateServed(String slug) {
        StatusPageFilter served = servedPages.getIfAvailable();
        if (served != null) {
            served.invalidate(slug);
        }
    }
}
