package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The native image's reachability metadata is the project's own: the resource patterns and the
 * reflection entries that the libraries jollama runs with ship in their jars are in
 * src/main/resources/META-INF/native-image/dev.jollama and src/native/extra-reflect.json too. GraalVM's
 * native-image reads a jar's own metadata as well, but a build given the project's files only (the
 * test kit here, a -H:ConfigurationFileDirectories build) would miss them: the MCP servers' schemas
 * failed to load in the native image that way. JLine's and Picocli's are read from their jars by every
 * build, and test-only jars never reach the image.
 */
class NativeMetadataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyResourcePatternALibraryShipsIsOurs() throws IOException {
        TreeSet<String> ours = new TreeSet<>();
        JSON.readTree(Path.of("src/main/resources/META-INF/native-image/dev.jollama/jollama-cli/resource-config.json")
                        .toFile())
                .path("resources")
                .path("includes")
                .forEach(p -> ours.add(p.path("pattern").asText()));
        assertThat(ours).containsAll(shipped("resource-config.json", "pattern"));
    }

    @Test
    void everyReflectionEntryALibraryShipsIsOurs() throws IOException {
        TreeSet<String> ours = new TreeSet<>();
        JSON.readTree(Path.of("src/native/extra-reflect.json").toFile())
                .forEach(e -> ours.add(e.path("name").asText()));
        assertThat(ours).containsAll(shipped("reflect-config.json", "name"));
    }

    /**
     * Jackson maps the MCP SDK's messages onto McpSchema's records by reflection, and the SDK ships no
     * metadata: every one of them must be registered (the native image refused the first
     * initialize for want of ClientCapabilities.Sampling's constructor).
     */
    @Test
    void everyMcpSchemaTypeIsRegisteredForReflection() throws Exception {
        TreeSet<String> ours = new TreeSet<>();
        JSON.readTree(Path.of(
                                "src/main/resources/META-INF/native-image/dev.jollama/jollama-cli/mcp/reflect-config.json")
                        .toFile())
                .forEach(e -> ours.add(e.path("name").asText()));
        Path jar = Path.of(Class.forName("io.modelcontextprotocol.spec.McpSchema")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> schema = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(file.entries())) {
                if (e.getName().startsWith("io/modelcontextprotocol/spec/McpSchema")
                        && e.getName().endsWith(".class")) {
                    schema.add(e.getName().replace(".class", "").replace('/', '.'));
                }
            }
        }
        assertThat(schema).hasSizeGreaterThan(100);
        assertThat(ours).containsAll(schema);
    }

    /** The {@code field} of every entry in the libraries' {@code file}s (runtime jars, not JLine's). */
    private static List<String> shipped(String file, String field) throws IOException {
        List<String> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !runtime(Path.of(entry).getFileName().toString())) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (!e.getName().startsWith("META-INF/native-image/")
                            || !e.getName().endsWith("/" + file)) {
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(e)) {
                        JsonNode tree = JSON.readTree(in);
                        JsonNode entries = file.startsWith("resource")
                                ? tree.path("resources").path("includes")
                                : tree;
                        entries.forEach(x -> found.add(entry.replaceAll(".*/", "") + " "
                                + x.path(field).asText()));
                    }
                }
            }
        }
        return found.stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    }

    /** Not JLine's: every build reads its jar's metadata (the kit too). */
    private static boolean runtime(String jar) {
        return !jar.startsWith("jline-");
    }
}
