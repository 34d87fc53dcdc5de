package dev.andon.probe;

import java.time.Duration;

/**
 * What to probe and what to expect: one immutable record per check type (http, tcp, dns, tls,
 * ping). Constructors validate and throw {@link InvalidProbeException} naming the field.
 * {@link #run} never throws: every failure, including a timeout, is a DOWN result.
 */
public interface ProbeSpec {

    /** The check type as users write it in YAML: {@code http}, {@code tcp}, {@code dns}, {@code tls}, {@code ping}. */
    String type();

    /** Runs the probe once; the whole run, every phase included, ends within {@code timeout}. */
    ProbeResult run(Duration timeout);
}
