package dev.jollama.core.tools.builtin;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Durations;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code shell}: a command run by {@code bash -c} in the workspace folder, with no input, its stdout
 * and stderr together and capped, and a time limit. It runs in a process group of its own
 * ({@code setsid}), so that a timeout or a cancel kills the command and everything it started,
 * background children and their children included; and when it ends, whatever it left running in
 * the background is killed with the group: nothing it started outlives it. The preview is the exact command, and an "always" approval covers that exact command only.
 */
public final class Shell extends BuiltinTool {

    public static final String NAME = "shell";
    public static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** The most output (stdout and stderr together) returned: its first and last halves. */
    public static final int MAX_OUTPUT = 64 * 1024;

    /** How long a killed process, or output still arriving, is waited for: every wait is bounded. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /** After the command ends, how long its output may take to close before what holds it is killed. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    /** Linux's limit on one argument (MAX_ARG_STRLEN), less its NUL. */
    static final int MAX_COMMAND = 128 * 1024 - 1;

    private final Workspace workspace;
    private final Duration timeout;
    private final int maxOutput;

    public Shell(Workspace workspace) {
        this(workspace, TIMEOUT, MAX_OUTPUT);
    }

    public Shell(Workspace workspace, Duration timeout, int maxOutput) {
        super(
                NAME,
                "Run a shell command with bash -c in the workspace folder and return its output (stdout and"
                        + " stderr together) and exit status. There is no input (stdin is empty) and no"
                        + " terminal. The command and every process it starts are killed after "
                        + Durations.human(timeout) + "; output beyond " + ByteSize.human(maxOutput)
                        + " is cut from the middle. Background processes do not outlive the command.",
                Schema.object()
                        .required("command", "string", "The command line, e.g. \"mvn -q test\" or \"ls -la src\".")
                        .build());
        this.workspace = workspace;
        this.timeout = timeout;
        this.maxOutput = maxOutput;
    }

    @Override
    ToolPreview previewOf(Arguments arguments) {
        String command = arguments.string("command");
        return new ToolPreview(NAME + ": " + Arguments.oneLine(command, 160), command, NAME + ":" + command);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        String command = arguments.string("command");
        if (command.isBlank()) {
            throw new ToolFailure("field 'command' is empty: give a command line");
        }
        int bytes = command.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_COMMAND) {
            throw new ToolFailure("the command is " + ByteSize.human(bytes) + " long: at most "
                    + ByteSize.human(MAX_COMMAND) + " can be passed to bash; write a script with write_file and run"
                    + " that");
        }
        if (cancellation.isCancelled()) {
            return ToolResult.error("cancelled: the command was not run");
        }
        Started started = start(command);
        Process process = started.process;
        Output output = new Output(maxOutput);
        Thread reader = new Thread(() -> output.drain(process.getInputStream()), "jollama-shell-output");
        reader.setDaemon(true);
        reader.start();

        Runnable deregister = cancellation.onCancel(() -> kill(started));
        boolean finished;
        boolean interrupted = false;
        try {
            finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Our thread is being stopped: as good as a cancel. The flag is set again once the group is
            // killed, so that the bounded waits of the killing are not cut short by it.
            finished = false;
            interrupted = true;
        } finally {
            deregister.run();
        }
        boolean cancelled = cancellation.isCancelled() || interrupted;
        boolean lingering = false;
        if (!finished || cancelled) {
            kill(started);
            waitFor(process, KILL_WAIT);
        } else if (started.grouped && groupRunning(process.pid())) {
            // Nothing it started outlives it: what it left in the background is killed with the group.
            lingering = true;
            kill(started);
        }
        if (!join(reader, started.grouped ? KILL_WAIT : LINGER)) {
            // Without a group of its own, a process it left may still hold the output: end it if we can.
            lingering = true;
            kill(started);
            join(reader, KILL_WAIT);
        }

        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        StringBuilder text = output.text();
        if (cancelled) {
            TextFiles.appendNote(text, "cancelled: the command and every process it started were killed");
            return ToolResult.error(text.toString());
        }
        if (!finished) {
            TextFiles.appendNote(
                    text,
                    "timed out after " + Durations.human(timeout)
                            + ": the command and every process it started were killed");
            return ToolResult.error(text.toString());
        }
        if (lingering) {
            TextFiles.appendNote(text, "processes it left running in the background were killed");
        }
        int status = process.exitValue();
        TextFiles.appendNote(text, "exit status " + status);
        return new ToolResult(text.toString(), status != 0);
    }

    /** The process, and whether it leads a process group of its own (so that the group can be killed). */
    private record Started(Process process, boolean grouped) {}

    private Started start(String command) throws IOException {
        try {
            return new Started(builder(List.of("setsid", "bash", "-c", command)).start(), true);
        } catch (IOException noSetsid) {
            // No setsid (macOS): the process and its descendants are still killed, one by one.
            return new Started(builder(List.of("bash", "-c", command)).start(), false);
        }
    }

    private ProcessBuilder builder(List<String> argv) {
        return new ProcessBuilder(argv)
                .directory(workspace.root().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /**
     * Kills the command's process group, the groups its descendants made, and each descendant. Runs
     * on the cancelling thread; every step is bounded.
     */
    private static void kill(Started started) {
        Process process = started.process;
        List<ProcessHandle> descendants = process.descendants().toList();
        if (started.grouped) {
            List<String> argv = new ArrayList<>(List.of("kill", "-KILL", "--", "-" + process.pid()));
            for (ProcessHandle d : descendants) {
                argv.add("-" + d.pid());
            }
            try {
                Process kill = new ProcessBuilder(argv)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!waitFor(kill, KILL_WAIT)) {
                    kill.destroyForcibly();
                }
            } catch (IOException e) {
                // No kill(1): what can be reached one by one still is, below.
            }
        }
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
        process.destroyForcibly();
    }

    /**
     * Whether a process of the group {@code pgid} is still running (a zombie is not). Read from /proc
     * where there is one; elsewhere assumed, so that the group is killed.
     */
    static boolean groupRunning(long pgid) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc.resolve("self"))) {
            return true;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
                if (fields.length >= 3
                        && fields[2].equals(Long.toString(pgid))
                        && !fields[0].equals("Z")
                        && !fields[0].equals("X")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
        return false;
    }

    private static boolean waitFor(Process process, Duration duration) {
        try {
            return process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static boolean join(Thread thread, Duration duration) {
        try {
            thread.join(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** The output kept: its first half and its last half, with how much was cut between. */
    static final class Output {
        private final byte[] head;
        private final byte[] tail;
        private int headLength;
        private long total;

        Output(int max) {
            head = new byte[max - max / 2];
            tail = new byte[max / 2];
        }

        void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    add(buffer, n);
                }
            } catch (IOException e) {
                // The pipe closed under a kill: what was read is kept.
            }
        }

        synchronized void add(byte[] bytes, int length) {
            int i = 0;
            if (headLength < head.length) {
                int n = Math.min(length, head.length - headLength);
                System.arraycopy(bytes, 0, head, headLength, n);
                headLength += n;
                i = n;
            }
            long afterHead = total + i - headLength; // bytes already in the tail ring
            for (; i < length && tail.length > 0; i++) {
                tail[(int) (afterHead++ % tail.length)] = bytes[i];
            }
            total += length;
        }

        synchronized StringBuilder text() {
            StringBuilder text = new StringBuilder(new String(head, 0, headLength, StandardCharsets.UTF_8));
            long inTail = total - headLength;
            if (inTail <= 0) {
                return text;
            }
            int kept = (int) Math.min(inTail, tail.length);
            byte[] last = new byte[kept];
            long from = inTail - kept;
            for (int i = 0; i < kept; i++) {
                last[i] = tail[(int) ((from + i) % tail.length)];
            }
            if (inTail > kept) {
                TextFiles.appendNote(
                        text,
                        "output cut: " + (inTail - kept) + " bytes left out of " + total + " (only the first and"
                                + " last " + ByteSize.human(head.length) + " are kept)");
                text.append('\n');
            }
            text.append(new String(last, StandardCharsets.UTF_8));
            return text;
        }
    }
}
