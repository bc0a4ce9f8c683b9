package dev.jollama.core.serve;

import java.time.Duration;
import java.util.Map;

/**
 * How jollama starts {@code ollama serve} when asked to ({@code jollama serve}, or {@code "autostart"}).
 *
 * @param env variables for the daemon ({@code OLLAMA_KEEP_ALIVE}, {@code OLLAMA_MODELS}, …); a variable
 *     already in jollama's own environment wins over the config's, as every setting does
 * @param startTimeout how long to wait for the started daemon to answer {@code GET /api/version}
 * @param autostart whether {@code run} and {@code chat} start it themselves when the connection is refused
 */
public record DaemonSettings(Map<String, String> env, Duration startTimeout, boolean autostart) {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public static final DaemonSettings DEFAULT = new DaemonSettings(Map.of(), DEFAULT_START_TIMEOUT, false);

    public DaemonSettings {
        env = Map.copyOf(env);
    }
}
