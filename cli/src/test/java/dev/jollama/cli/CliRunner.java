package dev.jollama.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs jollama's command line in-process with captured stdout and stderr and a controlled environment. */
public final class CliRunner {

    /** 2025-05-11, a day after the newest model of tags.json was modified. */
    public static final Instant NOW = Instant.parse("2025-05-11T15:06:48Z");

    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private boolean stdinTerminal;
    private boolean terminal;

    public CliRunner(Path home) {
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        // No test reaches the real registry: by default nothing listens here (refused at once).
        env.put("JOLLAMA_REGISTRY", "http://127.0.0.1:9");
    }

    public CliRunner env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public CliRunner host(String url) {
        return env("OLLAMA_HOST", url);
    }

    public CliRunner stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public CliRunner stdin(byte[] bytes) {
        this.stdin = new ByteArrayInputStream(bytes);
        return this;
    }

    public CliRunner stdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    /** Pretend stdin is a terminal (nothing piped in). */
    public CliRunner stdinTerminal() {
        this.stdinTerminal = true;
        return this;
    }

    /** Pretend stdout and stderr are terminals. */
    public CliRunner terminal() {
        this.terminal = true;
        return this;
    }

    public Environment environment() {
        return new Environment(
                Map.copyOf(env), stdinTerminal, terminal, terminal, stdin, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        return run(out, args);
    }

    /** Runs with stdout going to {@code out}, which may fail like a closed pipe. */
    public Result run(Writer out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.commandLine(environment(), args);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    public Path writeConfig(String json) throws IOException {
        Path file = Path.of(env.get("XDG_CONFIG_HOME")).resolve("jollama/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    /** What a command left behind. */
    public record Result(int exitCode, String out, String err) {}
}
