package dev.jollama.core.hosts;

import dev.jollama.core.http.ExtraHeaders;
import dev.jollama.core.http.OllamaHost;
import java.util.ArrayList;
import java.util.List;

/**
 * One host jollama may send requests to.
 *
 * @param name how messages, {@code status} and batch output call it
 * @param address where it answers; for the OpenAI API the base its endpoints hang from ({@code …/v1})
 * @param apiKeyEnv the environment variable holding its bearer key, or null for the usual ones
 * @param slots how many requests it runs at once (Ollama's {@code OLLAMA_NUM_PARALLEL}): batch's default
 *     concurrency and how work is spread
 * @param headers its own "headers" in the config, which replace OLLAMA_HEADERS and the top-level ones for
 *     it; null when it has none
 */
public record HostSpec(String name, OllamaHost address, Api api, String apiKeyEnv, int slots, ExtraHeaders headers) {

    public static final int DEFAULT_SLOTS = 1;

    public HostSpec(String name, OllamaHost address, Api api, String apiKeyEnv, int slots) {
        this(name, address, api, apiKeyEnv, slots, null);
    }

    public static HostSpec of(String raw, Api api) {
        OllamaHost host = OllamaHost.parse(raw);
        return new HostSpec(defaultName(host), host, api, null, DEFAULT_SLOTS);
    }

    /** {@code JOLLAMA_HOSTS}: addresses separated by commas, each as {@code OLLAMA_HOST} takes it. */
    public static List<HostSpec> parseList(String commaSeparated) {
        List<HostSpec> hosts = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                hosts.add(of(part, Api.OLLAMA));
            }
        }
        return unique(hosts);
    }

    /** Names stay unique: a second "gpu:11434" becomes "gpu:11434#2", so output can tell them apart. */
    public static List<HostSpec> unique(List<HostSpec> hosts) {
        List<HostSpec> out = new ArrayList<>();
        for (HostSpec h : hosts) {
            String name = h.name();
            int n = 2;
            while (taken(out, name)) {
                name = h.name() + "#" + n++;
            }
            out.add(new HostSpec(name, h.address(), h.api(), h.apiKeyEnv(), h.slots(), h.headers()));
        }
        return out;
    }

    private static boolean taken(List<HostSpec> hosts, String name) {
        return hosts.stream().anyMatch(h -> h.name().equals(name));
    }

    static String defaultName(OllamaHost host) {
        String authority = host.uri().getAuthority();
        String path = host.uri().getPath();
        return path == null || path.isEmpty() ? authority : authority + path;
    }
}
