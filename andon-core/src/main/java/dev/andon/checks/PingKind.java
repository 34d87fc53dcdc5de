package dev.andon.checks;

/** What a heartbeat ping says about the job: it worked, it started, it failed, or just a log line. */
public enum PingKind {
    SUCCESS,
    START,
    FAIL,
    /** Recorded for people to read; changes nothing. */
    LOG;

    /** A success or a failure ends a run; a start begins one and a log line does neither. */
    public boolean finishesRun() {
        return this == SUCCESS || this == FAIL;
    }
}
