package dev.andon.config;

/** One field of an update, before and after, rendered short for people to review ("(none)" for no value). */
public record FieldChange(String field, String before, String after) {}
