package dev.andon.config;

/** A configuration file as read from disk or a request body; the path is only used to locate problems. */
public record SourceFile(String path, String content) {}
