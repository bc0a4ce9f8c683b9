package dev.jollama.core.daemon;

/** A model on the daemon's disk, as listed by {@code /api/tags}. */
public record InstalledModel(
        String name, String model, String modifiedAt, long size, String digest, ModelDetails details) {}
