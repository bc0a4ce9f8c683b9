package dev.jollama.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Runs jollama's command line with captured stdout and stderr and a controlled environment: in-process
 * by default, or, with {@code -Djollama.launcher=BIN} (the native image, an installed launcher), as
 * that binary in a process of its own, so that the same integration tests check either. What cannot be
 * a process (pretended terminals, a failing Writer or stdin stream, the fixed clock, jollama's objects
 * built in the test's JVM) is then reported as not applicable through a JUnit assumption naming why.
 */
public final class CliRunner {

    /** 2025-05-11, a day after the newest model of tags.json was modified. */
    public static final Instant NOW = Instant.parse("2025-05-11T15:06:48Z");

    /** How long a launched process may take before the test gives up on it. */
    private static final long PROCESS_BOUND_SECONDS = 120;

    private final Map<String, String> env = new HashMap<>();
    private byte[] stdinBytes = new byte[0];
    private InputStream stdinStream;
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

    /** The binary named by {@code -Djollama.launcher}, when the tests run against one. */
    public static Optional<String> launcher() {
        String binary = System.getProperty("jollama.launcher", "");
        return binary.isBlank() ? Optional.empty() : Optional.of(binary);
    }

    /**
     * The instant a run takes for now: {@link #NOW} in-process, the real clock in a launched process.
     * Dates a test writes relative to it ("last used 71 days ago") read the same either way.
     */
    public static Instant now() {
        return launcher().isPresent() ? Instant.now() : NOW;
    }

    /** Not applicable against a launcher ({@code -Djollama.launcher}), for the reason given. */
    public static void assumeInProcess(String why) {
        assumeTrue(
                launcher().isEmpty(),
                () -> "not applicable with -Djollama.launcher=" + launcher().orElse("") + ": " + why);
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
        this.stdinBytes = bytes.clone();
        this.stdinStream = null;
        return this;
    }

    /** A stdin that fails or behaves as no pipe can (it throws); in-process only. */
    public CliRunner stdin(InputStream in) {
        this.stdinStream = in;
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

    /**
     * Says the test's output depends on the fixed clock ({@link #NOW}: "modified 1 day ago"), which a
     * launched process does not have: such a test is in-process only.
     */
    public CliRunner onTheTestClock() {
        assumeInProcess("the output depends on the test's fixed clock (CliRunner.NOW)");
        return this;
    }

    /** The environment an in-process run sees, for tests that build jollama's objects themselves. */
    public Environment environment() {
        assumeInProcess("the test builds jollama's objects in its own JVM, with nothing of the launcher in it");
        return inProcessEnvironment();
    }

    private Environment inProcessEnvironment() {
        InputStream stdin = stdinStream != null ? stdinStream : new ByteArrayInputStream(stdinBytes);
        return new Environment(
                Map.copyOf(env), stdinTerminal, terminal, terminal, stdin, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public Result run(String... args) {
        if (launcher().isPresent()) {
            return launched(launcher().get(), args);
        }
        return run(new StringWriter(), args);
    }

    /** Runs with stdout going to {@code out}, which may fail like a closed pipe; in-process only. */
    public Result run(Writer out, String... args) {
        assumeInProcess("stdout is a Writer of the test's that fails as no pipe does");
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.commandLine(inProcessEnvironment(), args);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code binary args…} with exactly this runner's environment plus PATH, stdin's bytes piped in. */
    private Result launched(String binary, String... args) {
        if (terminal || stdinTerminal) {
            assumeInProcess("the test pretends a standard stream is a terminal, which a piped process's is not");
        }
        if (stdinStream != null) {
            assumeInProcess("stdin is a Java stream of the test's that fails as no pipe does");
        }
        String[] command = new String[args.length + 1];
        command[0] = binary;
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().putAll(env);
        try {
            // Outside HOME: tests look at what jollama left there.
            Path out = Files.createTempFile("jollama-launched", ".out");
            Path err = Files.createTempFile("jollama-launched", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            Thread feeder = new Thread(() -> feed(p.getOutputStream()), "cli-runner-stdin");
            feeder.setDaemon(true);
            feeder.start();
            if (!p.waitFor(PROCESS_BOUND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(binary + " was still running " + PROCESS_BOUND_SECONDS + " s later; stderr: "
                        + Files.readString(err));
            }
            Result r = new Result(
                    p.exitValue(),
                    new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + binary + " ran", e);
        }
    }

    /** Writes stdin and closes it; a process that exits without reading it all is not an error. */
    private void feed(OutputStream in) {
        try (in) {
            in.write(stdinBytes);
        } catch (IOException closedEarly) {
            // the process did not read all of it, as a command given a file instead may not
        }
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
