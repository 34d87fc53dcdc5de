package dev.andon.config;

/** What a plan does to one catalog object. */
public enum Action { CREATE, UPDATE, DELETE }
