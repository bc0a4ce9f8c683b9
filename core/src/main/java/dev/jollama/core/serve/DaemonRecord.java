package dev.jollama.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.json.Json;
import dev.jollama.core.storage.AtomicFiles;
import dev.jollama.core.storage.OwnFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ollama serve} that jollama started, as written to its pid file: the pid alone could name
 * another process once that one has exited, so the process's start time is kept with it and both must
 * match before jollama signals anything.
 *
 * @param started the process's start time as the system reports it, or null when it reports none
 */
public record DaemonRecord(long pid, Instant started, String host, Path log) {

    /** Start times are read in clock ticks; two reads of the same process agree well within this. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** The process as it is now, if it is still the one recorded; never a process that took over the pid. */
    public Optional<ProcessHandle> process() {
        if (started == null) {
            return Optional.empty(); // no way to tell it from a newcomer: leave it alone
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info()
                .startInstant()
                .map(s -> Duration.between(s, started).abs().compareTo(SAME_START) < 0)
                .orElse(false));
    }

    static DaemonRecord of(Process process, String host, Path log) {
        return new DaemonRecord(process.pid(), process.info().startInstant().orElse(null), host, log);
    }

    void write(Path file) throws IOException {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("pid", pid);
        fields.put("started", started == null ? null : started.toString());
        fields.put("host", host);
        fields.put("log", log.toString());
        AtomicFiles.write(file, Json.pretty(fields) + "\n");
    }

    /**
     * The record in {@code file}; empty when there is none or it cannot be read (then nothing is
     * signalled). A pid file that is not a regular file, or is larger than a record can be, is exit 4
     * ({@link OwnFiles}): it is not jollama's, and reading it could hang or exhaust jollama.
     */
    static Optional<DaemonRecord> read(Path file) {
        byte[] bytes;
        try {
            bytes = OwnFiles.read(file, OwnFiles.Kind.PID_FILE);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.wire().readTree(bytes);
            if (n == null || !n.path("pid").canConvertToLong() || !n.path("pid").isIntegralNumber()) {
                return Optional.empty();
            }
            String started = n.path("started").asText(null);
            return Optional.of(new DaemonRecord(
                    n.path("pid").asLong(),
                    started == null ? null : Instant.parse(started),
                    n.path("host").asText(""),
                    Path.of(n.path("log").asText(""))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
