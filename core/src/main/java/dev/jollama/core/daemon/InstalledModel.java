package dev.jollama.core.daemon;

/**
 * A model on the daemon's disk, as listed by {@code /api/tags}.
 *
 * @param remoteModel for a model that runs elsewhere (a cloud model's stub), the name it has there; else null
 * @param remoteHost where it runs ({@code https://ollama.com:443} for a cloud model); else null
 */
public record InstalledModel(
        String name,
        String model,
        String modifiedAt,
        long size,
        String digest,
        ModelDetails details,
        String remoteModel,
        String remoteHost) {

    public InstalledModel(
            String name, String model, String modifiedAt, long size, String digest, ModelDetails details) {
        this(name, model, modifiedAt, size, digest, details, null, null);
    }

    /** Whether it runs on another host than the daemon (ollama.com for a cloud model): nothing of it is local. */
    public boolean runsElsewhere() {
        return remoteHost != null && !remoteHost.isEmpty() || ModelRef.isCloud(name);
    }
}
