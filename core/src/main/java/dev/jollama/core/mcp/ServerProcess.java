package dev.jollama.core.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The program of a stdio MCP server: started in a session of its own ({@code setsid}) so that stopping
 * it stops everything it started ({@code npx} runs {@code node}, which may run more), with an
 * environment of PATH, HOME and the entry's {@code env} only, and its stderr drained into the last few
 * lines that an error quotes.
 */
final class ServerProcess {

    static final int TAIL_LINES = 10;
    private static final int TAIL_LINE_CHARS = 300;
    private static final Duration STDIN_CLOSED_GRACE = Duration.ofMillis(500);
    private static final Duration TERM_GRACE = Duration.ofMillis(1500);

    private static final Path SETSID = executable("/usr/bin/setsid", "/bin/setsid");
    private static final Path KILL = executable("/bin/kill", "/usr/bin/kill");

    private final String server;
    private final Process process;
    private final boolean ownGroup;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread drain;

    private ServerProcess(String server, Process process, boolean ownGroup) {
        this.server = server;
        this.process = process;
        this.ownGroup = ownGroup;
        this.drain = new Thread(this::drainStderr, "mcp-" + server + "-stderr");
    }

    /**
     * Starts {@code spec}'s program (its placeholders already filled in).
     *
     * @param environment jollama's environment: only PATH and HOME are taken from it
     */
    static ServerProcess start(McpServerSpec.Stdio spec, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID.toString());
        }
        command.add(spec.command());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        for (String inherited : List.of("PATH", "HOME")) {
            if (environment.get(inherited) != null) {
                env.put(inherited, environment.get(inherited));
            }
        }
        env.putAll(spec.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw McpServerException.cannotRun(spec.name(), spec.command(), e);
        }
        ServerProcess started = new ServerProcess(spec.name(), process, SETSID != null);
        started.drain.setDaemon(true);
        started.drain.start();
        return started;
    }

    String server() {
        return server;
    }

    long pid() {
        return process.pid();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    CompletableFuture<Process> exit() {
        return process.onExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status, once it has exited within {@code wait}; else null. */
    Integer exitStatus(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The last lines the server wrote to stderr, once it has closed stderr (a process that exited has) or
     * {@code settle} has passed: an exit is often noticed before its last words are read.
     */
    List<String> stderrTail(Duration settle) {
        try {
            drain.join(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderrTail();
    }

    /** The last lines the server wrote to stderr (control characters shown as escapes), oldest first. */
    List<String> stderrTail() {
        synchronized (tail) {
            List<String> lines = new ArrayList<>(tail);
            if (!partial.toString().isBlank()) {
                lines.add(partial.toString());
                if (lines.size() > TAIL_LINES) {
                    lines.remove(0);
                }
            }
            return lines;
        }
    }

    /**
     * Stops the server and everything it started: stdin closed (the MCP way to ask), then SIGTERM to its
     * process group, then SIGKILL to whatever is left. Bounded (about two seconds); safe to call twice and
     * from a shutdown hook.
     */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> members = new ArrayList<>();
        members.add(process.toHandle());
        process.descendants().forEach(members::add);
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        waitFor(List.of(process.toHandle()), STDIN_CLOSED_GRACE);
        if (ownGroup) {
            signalGroup("TERM");
        } else {
            members.forEach(ProcessHandle::destroy);
        }
        waitFor(members, TERM_GRACE);
        if (ownGroup) {
            // Also whatever was started after the snapshot, or left the parent's tree.
            signalGroup("KILL");
        }
        members.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void signalGroup(String signal) {
        try {
            Process kill = new ProcessBuilder(
                            KILL != null ? KILL.toString() : "kill", "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(2, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill(1): fall back to the processes we know of
            process.descendants()
                    .forEach(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(List<ProcessHandle> handles, Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        while (handles.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drainStderr() {
        char[] buffer = new char[8192];
        try (Reader err = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = err.read(buffer)) != -1) {
                synchronized (tail) {
                    for (int i = 0; i < n; i++) {
                        char c = buffer[i];
                        if (c == '\n') {
                            endLine();
                        } else if (c != '\r' && partial.length() < TAIL_LINE_CHARS) {
                            if (Character.isISOControl(c)) {
                                partial.append(String.format("\\u%04x", (int) c));
                            } else {
                                partial.append(c);
                            }
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private void endLine() {
        if (!partial.toString().isBlank()) {
            tail.addLast(partial.toString());
        }
        partial.setLength(0);
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    private static Path executable(String... candidates) {
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
