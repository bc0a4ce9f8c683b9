package dev.jollama.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.settings.Config;
import dev.jollama.core.settings.ConfigFile;
import dev.jollama.core.settings.Setting;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Reading a config with {@code mcpServers}, a {@code --mcp-config} file, and building (and closing)
 * {@link McpServers} loads not one class of the MCP SDK or of Reactor: shown in a class loader of its
 * own that records every class asked of it.
 */
class McpStartupCostTest {

    private static final List<String> SDK = List.of("io.modelcontextprotocol.", "reactor.", "org.reactivestreams.");

    @Test
    void aCommandWithoutToolsLoadsNeitherTheSdkNorReactor() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Runnable withoutTools = (Runnable) loader.loadClass(WithoutTools.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();
            withoutTools.run();

            assertThat(loader.requested).contains(ConfigFile.class.getName(), McpServers.class.getName());
            assertThat(loader.requested.stream().filter(name -> SDK.stream().anyMatch(name::startsWith)))
                    .as("SDK or Reactor classes loaded without a server started")
                    .isEmpty();
        }
    }

    @Test
    void theRecordingSeesTheSdkOnceAServerConnectionIsLoaded() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Class.forName(McpConnection.class.getName(), true, loader);

            assertThat(loader.requested).anyMatch(name -> name.startsWith("io.modelcontextprotocol."));
        }
    }

    /** What a command that has MCP servers configured but uses no tools does. */
    public static final class WithoutTools implements Runnable {

        @Override
        public void run() {
            Config config = ConfigFile.check(
                    Path.of("config.json"),
                    "{\"mcpServers\": {\"files\": {\"command\": \"npx\", \"args\": [\"-y\", \"server\"]},"
                            + " \"web\": {\"url\": \"https://mcp.example.com/mcp\"}}}");
            if (!Setting.MCP_SERVERS.valueIn(config).equals("files, web")) {
                throw new AssertionError(Setting.MCP_SERVERS.valueIn(config));
            }
            try {
                Path file = Files.createTempFile("claude_desktop_config", ".json");
                try {
                    Files.writeString(file, "{\"mcpServers\": {\"files\": {\"command\": \"npx\"}}}");
                    McpConfig.read(file);
                } finally {
                    Files.delete(file);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (McpServers servers = new McpServers(config.mcpServers(), Map.of("PATH", "/usr/bin"))) {
                if (!servers.names().equals(Set.of("files", "web"))) {
                    throw new AssertionError(servers.names());
                }
            }
        }
    }

    /** Loads jollama's and its libraries' classes itself (not from the test's loader), recording each. */
    private static final class RecordingLoader extends URLClassLoader {

        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return urls.toArray(URL[]::new);
        }
    }
}
