package dev.jollama.cli.command;

import dev.jollama.cli.Interrupts;
import dev.jollama.cli.Services;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.error.OutputClosedException;
import dev.jollama.cli.option.ToolOptions;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.tools.EnabledTools;
import dev.jollama.core.batch.BatchInput;
import dev.jollama.core.batch.BatchOutput;
import dev.jollama.core.batch.BatchRunner;
import dev.jollama.core.batch.ResultsFile;
import dev.jollama.core.batch.ResumeFile;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.client.ModelRequest;
import dev.jollama.core.daemon.OllamaOptions;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.tools.ToolPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Many prompts from JSON Lines, answered concurrently over every host, resumable. */
@Command(
        name = "batch",
        description = {
            "Answer many prompts: JSON Lines in ({\"id\": …, \"prompt\": …}, or plain text lines), JSON Lines out.",
            "Items go to the hosts with free slots, several at a time; a failed item gets an error line and the"
                    + " rest go on. With -o, ids already answered in that file are skipped, so running it again"
                    + " resumes. Ctrl-C stops sending and waits for the items in flight; a second Ctrl-C cancels them."
        },
        footer = {
            "",
            "Input line: {\"id\": \"a1\", \"prompt\": \"…\", \"system\": \"…\", \"images\": [\"cat.png\"],"
                    + " \"options\": {\"temperature\": 0}, \"format\": \"json\"}",
            "Output line: {\"id\", \"response\", \"model\", \"host\", \"prompt_eval_count\", \"eval_count\","
                    + " \"total_duration\"} or {\"id\", \"error\", \"exit_code\"}",
            "Exit: 0 when every item was answered, 1 when some failed (the count is on stderr), 130 after Ctrl-C."
        })
public final class BatchCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Parameters(
            index = "0",
            paramLabel = "MODEL|PROFILE",
            completionCandidates = dev.jollama.cli.completion.DynamicValues.ModelOrProfile.class,
            description = "A model tag or a profile name.")
    String model;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "FILE",
            description = "The input, JSON Lines (default: stdin; - is stdin too).")
    String input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT.jsonl",
            description = "Append results to this file (default: stdout); ids answered there already are skipped.")
    Path output;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            description = "Items in flight at once (default: the hosts' slots added up, at least 1).")
    Integer jobs;

    @Mixin
    ToolOptions tools;

    @Option(names = "--no-log", description = "Keep nothing of this batch in the log (docs/logs.md).")
    boolean noLog;

    @Option(names = "--ordered", description = "Write results in input order (default: as they finish).")
    boolean ordered;

    @Option(
            names = {"-s", "--system"},
            paramLabel = "TEXT",
            description = "System prompt for items without their own (default: the profile's).")
    String system;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A model option for every item, repeatable.")
    List<String> options = new ArrayList<>();

    @Option(
            names = "--truncate",
            description = "Let Ollama cut the start of an input longer than the context; without it such an item"
                    + " fails (exit_code 2) saying what would fit. Config: \"truncate\".")
    boolean truncate;

    @Option(names = "--keep-alive", paramLabel = "DURATION", description = "How long the model stays loaded after.")
    String keepAlive;

    @Option(
            names = "--max-input",
            paramLabel = "SIZE",
            description = "The longest input line, and the largest image (default: as for run).")
    String maxInput;

    @Override
    public Integer call() throws Exception {
        Services services = root.services();
        Console console = root.console();
        if (jobs != null && jobs < 1) {
            throw new InvalidInputException("-j wants at least 1, not " + jobs);
        }
        checkOutputName();
        Path in = input == null || input.equals("-") ? null : Path.of(input);
        if (in != null && Files.isDirectory(in)) {
            throw new InvalidInputException("input " + in + " is a folder: give a JSON Lines file, or - for stdin");
        }
        if (output != null && Files.isDirectory(output)) {
            throw new InvalidInputException("-o " + output + " is a folder: give the results file's name");
        }
        if (output != null && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new InvalidInputException(
                    "-o " + output + ": the folder " + output.toAbsolutePath().getParent() + " does not exist");
        }
        services.client().allowAutostart();
        ModelRequest request =
                new ModelRequest(model, system, options, null, null, keepAlive, truncate ? Boolean.TRUE : null);
        Profile profile = request.profile(services.config());
        ChatSettings settings = request.settings(services.config(), console::warn);
        var daemon = services.client().daemonFor(profile);
        // Before any item: a model no host has, or no host answering, is the batch's error (3, 69),
        // not the same error line for every item.
        daemon.show(profile.model());
        int concurrency = jobs != null ? jobs : daemon.pool().totalSlots();
        long limit = services.settings().maxInput(maxInput);
        try (ResultsFile results = output != null ? ResultsFile.open(output) : null) {
            ResumeFile.Answered answered = ResumeFile.Answered.none();
            if (results != null) {
                if (in != null && Files.exists(in) && Files.isSameFile(in, results.file())) {
                    throw new InvalidInputException("-o " + output + " is the input file: choose another");
                }
                answered = results.resume();
            }
            return run(services, console, settings, daemon, concurrency, limit, in, results, answered);
        }
    }

    private int run(
            Services services,
            Console console,
            ChatSettings settings,
            dev.jollama.core.hosts.FailoverDaemon daemon,
            int concurrency,
            long limit,
            Path in,
            ResultsFile results,
            ResumeFile.Answered answered)
            throws Exception {
        BatchRunner runner = new BatchRunner(
                daemon,
                new BatchRunner.Settings(
                        settings.model(),
                        settings.system(),
                        settings.options(),
                        settings.keepAlive(),
                        concurrency,
                        ordered,
                        settings.truncate()),
                tools(services, settings, daemon));
        runner.warnings(console::warn);
        runner.logTo(services.client().logAs("batch", noLog));
        // Not when the results scroll on the same terminal: the redrawn line would land inside them.
        boolean showProgress = services.env().stderrIsTerminal()
                && (output != null || !services.env().stdoutIsTerminal());
        BatchProgress progress = showProgress
                ? new BatchProgress(
                        console,
                        runner,
                        in == null ? -1 : countLines(in),
                        services.env().clock())
                : null;
        BatchRunner.Counts counts;
        AutoCloseable signals = Interrupts.onInterrupt(
                () -> stopping(console, runner, progress), () -> cancelling(console, runner, progress));
        try {
            try (InputStream reader = reader(in);
                    BatchOutput out = results != null ? results : stdout(console)) {
                if (progress != null) {
                    progress.start();
                }
                try {
                    counts = runner.run(
                            new BatchInput(reader, limit, in == null ? Path.of("") : baseOf(in), line -> {
                                if (progress != null) {
                                    progress.clear();
                                }
                                console.warn(line);
                            }),
                            out,
                            answered);
                } finally {
                    if (progress != null) {
                        progress.finish();
                    }
                }
            } catch (IOException e) {
                if (e.getCause() instanceof OutputClosedException closed) {
                    throw closed;
                }
                throw e;
            }
            if (runner.wasStopped()) {
                console.note("batch stopped: " + counts.answered() + " answered, " + counts.failed() + " failed"
                        + (output != null ? "; run the same command again to go on" : ""));
                throw new ExitException(ExitCode.INTERRUPTED, null);
            }
        } finally {
            signals.close(); // after a signal, jollama dies of it here, with every line written and synced
        }
        if (runner.truncatedAnswers() > 0) {
            String keep =
                    dev.jollama.core.text.ByteSize.human(services.settings().maxAnswer());
            console.warn(runner.truncatedAnswers() + (runner.truncatedAnswers() == 1 ? " answer is" : " answers are")
                    + " longer than " + keep + ": "
                    + (runner.truncatedAnswers() == 1 ? "its line holds" : "their lines hold")
                    + " the first " + keep + ", marked \"truncated\": true (JOLLAMA_MAX_ANSWER raises the limit)");
        }
        if (counts.skipped() > 0 && counts.skipped() == counts.read()) {
            console.note("nothing to send: all " + counts.skipped() + " items are answered in " + output);
        } else if (counts.skipped() > 0 && root.verbose()) {
            console.note("" + counts.skipped() + " already answered in " + output + ", not sent again");
        }
        if (counts.failed() > 0) {
            throw new ExitException(
                    ExitCode.DAEMON_ERROR,
                    counts.failed() + " of " + (counts.read() - counts.skipped()) + " items failed (their error lines"
                            + " are in " + (output != null ? output : "the output") + ")");
        }
        return 0;
    }

    /**
     * The tools of -T and the profile, under the rules of a command with no terminal: every item's
     * call runs only if --allow (or the profile's "allow") names it; else that item fails, exit_code 6.
     */
    private BatchRunner.Tools tools(
            Services services, ChatSettings settings, dev.jollama.core.hosts.FailoverDaemon daemon) {
        EnabledTools enabled = EnabledTools.of(tools, services, settings, daemon, root.console()::warn);
        return enabled == null
                ? null
                : new BatchRunner.Tools(enabled.set(), new ToolPolicy(enabled.allow(), null), enabled.maxSteps());
    }

    /** {@code -o temperature=0} is run's --option habit: in batch, -o is the results file. */
    private void checkOutputName() {
        if (output == null) {
            return;
        }
        String name = output.toString();
        int eq = name.indexOf('=');
        if (eq > 0 && OllamaOptions.isKnown(name.substring(0, eq))) {
            throw new InvalidInputException("-o is the results file in batch, not a model option: write --option "
                    + name + " (and -o OUT.jsonl for the results)");
        }
    }

    private static void stopping(Console console, BatchRunner runner, BatchProgress progress) {
        if (progress != null) {
            progress.clear();
        }
        if (!runner.wasStopped()) {
            console.note(
                    "stopping: no more items are sent; waiting for those in flight (Ctrl-C again" + " cancels them)");
        }
        runner.stop();
    }

    private static void cancelling(Console console, BatchRunner runner, BatchProgress progress) {
        if (progress != null) {
            progress.clear();
        }
        console.note("cancelling the items in flight (nothing is written for them; a run with the same"
                + " -o sends them again)");
        runner.cancel();
    }

    private static Path baseOf(Path in) {
        Path parent = in.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("");
    }

    /** The input's bytes: each line is decoded on its own (BatchInput), so a bad one is that item's error. */
    private InputStream reader(Path in) throws IOException {
        if (in == null) {
            return root.services().env().stdin();
        }
        try {
            return Files.newInputStream(in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("input file " + in + " does not exist");
        }
    }

    /** For the progress line's total: a quick pass over the file, without holding it. */
    private static long countLines(Path in) {
        try (var lines = Files.lines(in, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static BatchOutput stdout(Console console) {
        return new BatchOutput() {
            @Override
            public void write(byte[] line) throws IOException {
                try {
                    console.print(new String(line, StandardCharsets.UTF_8));
                } catch (OutputClosedException e) {
                    throw new IOException("stdout closed", e);
                }
            }

            @Override
            public void close() {
                console.flush();
            }
        };
    }
}
