package dev.andon.bench;

import dev.andon.probe.HttpSpec;
import dev.andon.probe.ProbeResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Probes per second of {@link HttpSpec#run} (a fresh connection per probe) on N virtual threads,
 * each running probes back to back. Run by bench/probes.sh, which starts the target; not a test.
 *
 * <pre>java -cp TEST_CLASSPATH dev.andon.bench.ProbeThroughput URL WARMUP_S DURATION_S TIMEOUT_MS N [N...]</pre>
 *
 * Prints one line per concurrency, {@code result concurrency=64 probes_per_s=... up=... down=...},
 * for the script to parse, and the first DOWN messages if any. With {@code -Dbench.watchPids=1,2}
 * it also reports the CPU those processes (the target server) and the whole machine used in the
 * window, read from /proc, so a run on a busy machine shows as such.
 */
public final class ProbeThroughput {

    private ProbeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: ProbeThroughput URL WARMUP_SECONDS DURATION_SECONDS TIMEOUT_MS CONCURRENCY...");
            System.exit(2);
        }
        HttpSpec spec = HttpSpec.get(args[0]);
        Duration warmup = Duration.ofSeconds(Long.parseLong(args[1]));
        Duration window = Duration.ofSeconds(Long.parseLong(args[2]));
        Duration timeout = Duration.ofMillis(Long.parseLong(args[3]));
        int failures = 0;
        for (int i = 4; i < args.length; i++) {
            failures += measure(spec, Integer.parseInt(args[i]), warmup, window, timeout);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** One concurrency level: warm up, then count what finishes inside the window; returns the DOWN count. */
    private static int measure(HttpSpec spec, int concurrency, Duration warmup, Duration window, Duration timeout)
            throws InterruptedException {
        LongAdder up = new LongAdder();
        LongAdder down = new LongAdder();
        Map<String, Integer> downMessages = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().name("bench-probe-" + i).start(() -> {
                while (running.get()) {
                    ProbeResult result = spec.run(timeout);
                    if (result.status() == ProbeResult.Status.UP) {
                        up.increment();
                    } else {
                        down.increment();
                        if (downMessages.size() < 10) {
                            downMessages.merge(result.status() + " " + result.failedPhase() + ": " + result.message(), 1, Integer::sum);
                        }
                    }
                }
            }));
        }
        Thread.sleep(warmup);
        long up0 = up.sum();
        long down0 = down.sum();
        long cpu0 = processCpuNanos();
        long watched0 = watchedTicks();
        long[] machine0 = machineTicks();
        long t0 = System.nanoTime();
        Thread.sleep(window);
        long up1 = up.sum();
        long down1 = down.sum();
        long cpu1 = processCpuNanos();
        long watched1 = watchedTicks();
        long[] machine1 = machineTicks();
        long t1 = System.nanoTime();
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (t1 - t0) / 1e9;
        long ups = up1 - up0;
        long downs = down1 - down0;
        double cpuCores = (cpu1 - cpu0) / 1e9 / seconds;
        double cpuMicrosPerProbe = ups + downs == 0 ? 0 : (cpu1 - cpu0) / 1e3 / (ups + downs);
        double watchedCores = (watched1 - watched0) / (double) TICKS_PER_SECOND / seconds;
        double[] machineCores = new double[3];
        for (int i = 0; i < 3; i++) {
            machineCores[i] = (machine1[i] - machine0[i]) / (double) TICKS_PER_SECOND / seconds;
        }
        System.out.printf(Locale.ROOT,
                "result concurrency=%d seconds=%.2f up=%d down=%d down_total=%d probes_per_s=%.0f jvm_cpu_cores=%.2f"
                        + " jvm_cpu_us_per_probe=%.1f watched_cpu_cores=%.2f machine_process_cores=%.2f machine_irq_cores=%.2f"
                        + " machine_steal_cores=%.2f%n",
                concurrency, seconds, ups, downs, down.sum(), ups / seconds, cpuCores, cpuMicrosPerProbe, watchedCores,
                machineCores[0], machineCores[1], machineCores[2]);
        downMessages.forEach((message, count) -> System.out.println("down " + count + "x " + message));
        return (int) Math.min(Integer.MAX_VALUE, down.sum());
    }

    /** USER_HZ: /proc reports CPU time in ticks of 1/100 s on every common Linux. */
    private static final long TICKS_PER_SECOND = Long.getLong("bench.clockTicks", 100);

    /** utime + stime of the processes in -Dbench.watchPids, in ticks; 0 when none or not Linux. */
    private static long watchedTicks() {
        String pids = System.getProperty("bench.watchPids", "");
        long ticks = 0;
        for (String pid : pids.split(",")) {
            if (pid.isBlank()) {
                continue;
            }
            try {
                String stat = Files.readString(Path.of("/proc", pid.strip(), "stat"));
                // The command name may hold spaces: fields are counted after its closing parenthesis.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                // The process is gone: it adds nothing.
            }
        }
        return ticks;
    }

    /**
     * Ticks of all CPUs from /proc/stat: {user+nice+system, irq+softirq, steal}. Loopback TCP is
     * mostly processed in softirq, which no process is charged for; steal is time the VM's host took.
     */
    private static long[] machineTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    return new long[] {Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]),
                            Long.parseLong(f[6]) + Long.parseLong(f[7]), Long.parseLong(f[8])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: no machine figures.
        }
        return new long[] {0, 0, 0};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
