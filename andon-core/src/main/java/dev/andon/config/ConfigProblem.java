package dev.andon.config;

/** Something wrong in a configuration file, with a 1-based line and column so editors and CI can point at it. */
public record ConfigProblem(String file, int line, int column, String message) {
    static ConfigProblem at(Location location, String message) {
        return new ConfigProblem(location.file(), location.line(), location.column(), message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
