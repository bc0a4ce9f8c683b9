package dev.jollama.cli;

import static org.assertj.core.api.Assertions.fail;

import dev.jollama.core.Awaits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * jollama's {@code Main} in a real process, for what only a process shows: signals and exit codes.
 * SIGINT and SIGTERM are reset to their defaults first ({@code env --default-signal}): a build run as
 * a background job inherits SIGINT ignored, and a JVM keeps an inherited SIG_IGN.
 */
final class JollamaProcess implements AutoCloseable {

    private final Process process;
    private final Path errFile;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean counting;
    private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    private long count;
    private final Thread reader;

    private JollamaProcess(Process process, Path errFile) {
        this(process, errFile, false);
    }

    private JollamaProcess(Process process, Path errFile, boolean counting) {
        this.process = process;
        this.errFile = errFile;
        this.counting = counting;
        this.reader = new Thread(this::drain, "jollama-process-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static JollamaProcess start(Path home, Map<String, String> env, String... args) throws IOException {
        return start(home, env, false, args);
    }

    /**
     * How a jollama process is started: this JVM's java on the test class path, or the binary named by
     * {@code -Djollama.launcher=PATH} (the native image, or an installed launcher), so that the same
     * process tests run against either. JVM flags ({@code jvm}) apply only to the first.
     */
    static List<String> launcher(List<String> jvm) {
        if (CliRunner.launcher().isPresent()) {
            return List.of(CliRunner.launcher().get());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jollama.cli.Main"));
        return command;
    }

    /**
     * With {@code jvm} options (-Xmx64m) before the class, {@code stdin} (null: none) piped in, and stdout only counted
     * and checksummed ({@link #outBytes()}, {@link #outCrc()}), never held: for answers larger than the
     * test's own heap should carry.
     */
    static JollamaProcess counting(Path home, Map<String, String> env, List<String> jvm, String stdin, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        command.addAll(launcher(jvm));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        environment(pb, home, env);
        Path in = Files.createTempFile(home, "stdin", ".txt");
        Files.writeString(in, stdin == null ? "" : stdin);
        pb.redirectInput(in.toFile());
        Path err = Files.createTempFile(home, "stderr", ".txt");
        pb.redirectError(err.toFile());
        return new JollamaProcess(pb.start(), err, true);
    }

    private static void environment(ProcessBuilder pb, Path home, Map<String, String> env) {
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
    }

    /** With {@code pipeStdin}, {@link #type} writes to the process's stdin, a pipe kept open until closed. */
    static JollamaProcess start(Path home, Map<String, String> env, boolean pipeStdin, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        command.addAll(launcher(List.of()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        if (!pipeStdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Path err = Files.createTempFile(home, "stderr", ".txt");
        pb.redirectError(err.toFile());
        return new JollamaProcess(pb.start(), err);
    }

    /**
     * jollama on a real pseudo-terminal: {@code script(1)} gives it one for stdin, stdout, stderr and
     * {@code /dev/tty}; what the test {@link #type}s arrives as typed keys, and {@link #out} is the screen.
     */
    static JollamaProcess onTerminal(Path home, Map<String, String> env, String... args) throws IOException {
        return onTerminalAfter(home, env, "stty cols 200 rows 50", args);
    }

    /**
     * {@link #onTerminal} with {@code shell} run on the terminal first, instead of its 200 columns: {@code
     * stty cols 40 rows 50}, and what else a test needs there (a later resize, in the background).
     */
    static JollamaProcess onTerminalAfter(Path home, Map<String, String> env, String shell, String... args)
            throws IOException {
        StringBuilder line = new StringBuilder(shell + "\nexec "); // a line of its own: shell may end in &
        for (String word : launcher(List.of())) {
            line.append(quote(word)).append(' ');
        }
        for (String arg : args) {
            line.append(quote(arg)).append(' ');
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line.toString(), "/dev/null");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("TERM", "xterm");
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        if ("".equals(env.get("NO_COLOR"))) {
            pb.environment().remove("NO_COLOR"); // colours and spinners, as a terminal has them
        }
        Path err = Files.createTempFile(home, "stderr", ".txt");
        pb.redirectError(err.toFile());
        return new JollamaProcess(pb.start(), err);
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private void drain() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (counting) {
                        crc.update(buffer, 0, n);
                        count += n;
                    } else {
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
    }

    /** Writes a line to the process's stdin (see {@link #start(Path, Map, boolean, String...)}). */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Writes bytes as keys, without a newline: Ctrl-C is "\u0003" on a terminal. */
    void typeRaw(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits, at most {@code bound}, until stdout has been read to its end (after the process exited). */
    void awaitOutEnd(Duration bound) throws InterruptedException {
        reader.join(bound.toMillis());
        if (reader.isAlive()) {
            fail("stdout was still being read " + bound.toMillis() + " ms later");
        }
    }

    /** The bytes of stdout so far, when {@link #counting}. */
    long outBytes() {
        synchronized (out) {
            return count;
        }
    }

    /** The CRC-32 of stdout so far, when {@link #counting}. */
    long outCrc() {
        synchronized (out) {
            return crc.getValue();
        }
    }

    String err() {
        try {
            return Files.readString(errFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitOut(String text) {
        Awaits.until("stdout to contain '" + text + "' (it holds '" + out() + "')", () -> out().contains(text));
    }

    /** Sends a signal by name (INT, TERM) as a terminal or a service manager would. */
    void signal(String name) throws IOException, InterruptedException {
        // `env` execs java: the process is the JVM itself.
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .start()
                .waitFor();
    }

    /** The exit code, waiting at most {@code bound}; fails naming the bound if the process is still running. */
    int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("jollama was still running " + bound.toMillis() + " ms later; stderr: " + err());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static Map<String, String> host(String url) {
        return Map.of("OLLAMA_HOST", url);
    }
}
