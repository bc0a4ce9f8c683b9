package dev.jollama.core.settings;

import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.http.ExtraHeaders;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.mcp.McpServerSpec;
import dev.jollama.core.profile.BuiltInProfiles;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.serve.DaemonSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * jollama's settings after reading the config file (or none) over the defaults.
 *
 * @param source the file read, or null when there was none
 * @param host the daemon host written in the file, or null
 * @param profiles built-in profiles with the user's added or merged in, by name
 * @param hosts the "hosts" list, in the order they are tried; empty when the file has none
 * @param maxInput the most bytes jollama reads from stdin, or from one image file, before sending
 * @param daemon how {@code jollama serve} and autostart run {@code ollama serve}
 * @param mcpServers the MCP servers whose tools the model may use, by name (as Claude Desktop writes
 *     them); none by default
 * @param truncate Ollama may cut an input longer than the context (requests then leave "truncate" out)
 * @param autoCompact the chat summarises older turns by itself before a message would not fit
 * @param log exchanges are kept in the database's log ("log": false turns it off)
 * @param headers the top-level "headers": sent to every host that has none of its own; none by default
 */
public record Config(
        Path source,
        String host,
        Timeouts timeouts,
        ResilienceSettings resilience,
        String defaultProfile,
        Map<String, Profile> profiles,
        long maxInput,
        String registry,
        boolean markdown,
        List<HostSpec> hosts,
        DaemonSettings daemon,
        Map<String, McpServerSpec> mcpServers,
        boolean truncate,
        boolean autoCompact,
        boolean log,
        ExtraHeaders headers) {

    public static final String DEFAULT_PROFILE = "phi3-mini";

    /** Far beyond any model's context, far below what would exhaust the JVM's memory. */
    public static final long DEFAULT_MAX_INPUT = 32L * 1024 * 1024;

    public static Config defaults() {
        return new Config(
                null,
                null,
                Timeouts.DEFAULT,
                ResilienceSettings.DEFAULT,
                DEFAULT_PROFILE,
                BuiltInProfiles.all(),
                DEFAULT_MAX_INPUT,
                null,
                true,
                List.of(),
                DaemonSettings.DEFAULT,
                Map.of(),
                false,
                true,
                true,
                ExtraHeaders.NONE);
    }

    /** The profile of that name, else a bare profile for that model tag: a profile name wins. */
    public Profile resolve(String modelOrProfile) {
        Profile profile = profiles.get(modelOrProfile);
        return profile != null ? profile : Profile.ofModel(modelOrProfile);
    }

    public Profile defaultProfileOrModel() {
        return resolve(defaultProfile);
    }
}
