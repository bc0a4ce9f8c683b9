package dev.jollama.core.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.json.Json;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A workspace next to a folder that must never be touched: {@code outside/} holds a secret. Tests make
 * hostile calls, then check the secret never came back and the outside is byte for byte as it was.
 */
final class Sandbox {

    static final String SECRET = "TOP-SECRET-7f3a9c";

    final Path base;
    final Path root;
    final Path outside;
    final Workspace workspace;
    private final Map<String, String> outsideBefore;

    Sandbox(Path tempDir) {
        try {
            base = tempDir.toRealPath();
            root = Files.createDirectory(base.resolve("ws"));
            outside = Files.createDirectory(base.resolve("outside"));
            Files.writeString(outside.resolve("secret.txt"), SECRET + "\n");
            Files.createDirectory(outside.resolve("dir"));
            Files.writeString(outside.resolve("dir/inner.txt"), SECRET + " inner\n");
            workspace = Workspace.of(root);
            outsideBefore = snapshot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String path, String text) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path link(String path, Path target) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            return Files.createSymbolicLink(p, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path below the base but inside neither folder, and everything in outside/, as it is now. */
    Map<String, String> snapshot() {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            all.filter(p -> !p.startsWith(root)).forEach(p -> {
                try {
                    String what = Files.isSymbolicLink(p)
                            ? "link " + Files.readSymbolicLink(p)
                            : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                                    ? "file " + Files.readString(p, StandardCharsets.ISO_8859_1) + " "
                                            + Files.getLastModifiedTime(p)
                                    : "dir";
                    state.put(base.relativize(p).toString(), what);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state;
    }

    void assertOutsideUntouched() {
        assertThat(snapshot()).as("what is outside the workspace").isEqualTo(outsideBefore);
    }

    static ObjectNode args(Object... keysAndValues) {
        ObjectNode node = Json.wire().createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], Json.wire().valueToTree(keysAndValues[i + 1]));
        }
        return node;
    }

    static JsonNode json(String text) {
        return Json.readTree(text.getBytes(StandardCharsets.UTF_8));
    }

    static ToolResult call(Tool tool, JsonNode arguments) {
        return tool.call(arguments, new Cancellation());
    }

    /** The result, which must be an error naming what is wrong, and never the secret. */
    static ToolResult refused(Tool tool, JsonNode arguments) {
        ToolResult result = call(tool, arguments);
        assertThat(result.error()).as(result.content()).isTrue();
        assertThat(result.content()).doesNotContain(SECRET);
        return result;
    }

    static ToolResult ok(Tool tool, JsonNode arguments) {
        ToolResult result = call(tool, arguments);
        assertThat(result.error()).as(result.content()).isFalse();
        return result;
    }
}
