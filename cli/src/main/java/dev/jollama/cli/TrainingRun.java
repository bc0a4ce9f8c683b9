package dev.jollama.cli;

import dev.jollama.cli.command.VersionProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * install.sh's training run for the class-data archive: a command line of each kind, one after the
 * other in one JVM, so that the archive written at its exit holds the classes of every command, not
 * only those of the one a single run loads. Not a user command: the answers are discarded and a
 * failure does not matter. Daemon commands go to {@code OLLAMA_HOST} and the fit check to {@code
 * JOLLAMA_REGISTRY} (install.sh points both at its fakes); files go to a temporary home. The chat,
 * last, reads the process's real stdin, which must not be a terminal. Arguments, if any, name the
 * commands to train: {@code TrainingRun run} makes install.sh's small archive for {@code run}.
 */
public final class TrainingRun {

    private record Step(String stdin, boolean stdoutIsTerminal, String... args) {
        static Step of(String... args) {
            return new Step("", false, args);
        }
    }

    private static final String MODEL = "llama3.2";

    private static final List<Step> STEPS = List.of(
            Step.of("--help"),
            Step.of("--version"), // asks the daemon for its version too
            Step.of("help", "run"),
            Step.of("profiles", "init"), // every step after this one reads a config file
            Step.of("profiles", "show", "phi3-mini"),
            Step.of("status"),
            Step.of("list"),
            Step.of("list", "--json"),
            Step.of("ps"),
            Step.of("show", MODEL),
            Step.of("show", "nosuch-model"), // an error: the handler and its exit code
            Step.of("run", "--stats", MODEL, "hi"),
            new Step("hi", false, "run", MODEL),
            new Step("", true, "run", MODEL, "hi"), // rendered as markdown on a terminal
            Step.of("embed", "nomic-embed-text", "hello"), // an embedding model: another is refused
            new Step("{\"id\":\"a\",\"prompt\":\"hi\"}\nhello\n", false, "batch", MODEL),
            Step.of("fit", "llama3:8b"),
            Step.of("pull", MODEL),
            Step.of("stop", MODEL),
            Step.of("sessions"),
            Step.of("config"),
            Step.of("hw"),
            Step.of("serve", "--status"),
            Step.of("completion", "bash"),
            Step.of("__complete", "models"),
            Step.of("chat", MODEL));

    private TrainingRun() {}

    public static void main(String[] args) throws IOException {
        // The launcher's entry point, loaded (not run) so that the archive holds it too, and what its
        // --version answers without a command line.
        Main.class.getName();
        new VersionProvider().getVersion();
        Path home = Files.createTempDirectory("jollama-training");
        try {
            Map<String, String> variables = variables(home);
            List<String> only = List.of(args);
            for (Step step : STEPS) {
                if (only.isEmpty() || only.contains(step.args()[0])) {
                    run(variables, step);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        // Threads a command left behind (a batch's pool, a chat's reader) must not delay the exit.
        System.exit(0);
    }

    /** Only what the training needs: the user's settings (config, hosts, keys, NO_COLOR) stay out. */
    private static Map<String, String> variables(Path home) {
        Map<String, String> variables = new HashMap<>();
        Map<String, String> real = Environment.system().variables();
        for (String name : List.of("PATH", "OLLAMA_HOST", "JOLLAMA_REGISTRY")) {
            String value = real.get(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        variables.put("HOME", home.toString());
        variables.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        variables.put("XDG_STATE_HOME", home.resolve("state").toString());
        variables.put("XDG_DATA_HOME", home.resolve("data").toString());
        // Never the real registry: without a fake one, nothing listens here.
        variables.putIfAbsent("JOLLAMA_REGISTRY", "http://127.0.0.1:9");
        return Map.copyOf(variables);
    }

    private static void run(Map<String, String> variables, Step step) {
        InputStream stdin = new ByteArrayInputStream(step.stdin().getBytes(StandardCharsets.UTF_8));
        Environment env = new Environment(
                variables, false, step.stdoutIsTerminal(), step.stdoutIsTerminal(), stdin, Clock.systemDefaultZone());
        try {
            CommandLine cmd = Cli.commandLine(env, step.args());
            cmd.setOut(new PrintWriter(Writer.nullWriter()));
            cmd.setErr(new PrintWriter(Writer.nullWriter()));
            cmd.execute(step.args());
        } catch (RuntimeException e) {
            // Best effort: the next step still trains.
        }
    }
}
