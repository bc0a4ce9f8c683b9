package dev.jollama.core.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP servers the tests run, from npm, pinned: installed on first use into
 * {@code target/mcp-servers} with {@code npm install --prefix}, and kept there between runs (a clean
 * build installs them again). Needs node and npm on PATH, as CI has.
 */
public final class NpmServers {

    public static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem";
    public static final String EVERYTHING = "@modelcontextprotocol/server-everything";
    static final Map<String, String> PINNED = Map.of(FILESYSTEM, "2026.8.31", EVERYTHING, "2026.8.31");

    private static final Path DIR = Path.of("target", "mcp-servers").toAbsolutePath();

    private NpmServers() {}

    /** {@code node …/dist/index.js ARGS} of {@code pkg}, installing the pinned packages first if need be. */
    public static List<String> command(String pkg, String... args) {
        install();
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(DIR.resolve("node_modules")
                .resolve(pkg)
                .resolve("dist/index.js")
                .toString());
        command.addAll(List.of(args));
        return command;
    }

    /** A test script of src/test/resources/mcp, as an absolute path. */
    static String script(String name) {
        return Path.of("src", "test", "resources", "mcp", name).toAbsolutePath().toString();
    }

    static synchronized void install() {
        if (PINNED.entrySet().stream().allMatch(e -> installed(e.getKey(), e.getValue()))) {
            return;
        }
        List<String> command = new ArrayList<>(
                List.of("npm", "install", "--prefix", DIR.toString(), "--no-audit", "--no-fund", "--loglevel=error"));
        PINNED.forEach((pkg, version) -> command.add(pkg + "@" + version));
        try {
            Files.createDirectories(DIR);
            Path log = DIR.resolve("npm-install.log");
            Process npm = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                fail("npm install of the MCP test servers took more than 5 minutes; see " + log);
            }
            if (npm.exitValue() != 0) {
                fail("`" + String.join(" ", command) + "` failed (exit " + npm.exitValue() + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            fail("the MCP tests need node and npm on PATH to install their servers: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while installing the MCP test servers");
        }
    }

    private static boolean installed(String pkg, String version) {
        Path manifest = DIR.resolve("node_modules").resolve(pkg).resolve("package.json");
        try {
            return Files.isRegularFile(manifest)
                    && Files.readString(manifest, StandardCharsets.UTF_8).contains("\"version\": \"" + version + "\"");
        } catch (IOException e) {
            return false;
        }
    }
}
