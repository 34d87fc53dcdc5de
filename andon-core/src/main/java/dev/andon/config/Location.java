package dev.andon.config;

/** Where a node starts in a file (1-based), kept so later checks such as the plan can still point at the YAML. */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
