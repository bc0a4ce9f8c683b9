package dev.jollama.core.serve;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonStartException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts, finds and stops the {@code ollama serve} that jollama runs for a daemon on this machine. The
 * daemon outlives jollama: it gets its own session ({@code setsid}) so a Ctrl-C or a closed terminal
 * does not reach it, stdin from {@code /dev/null}, and its output appended to {@code ollama.log}. Its
 * pid and start time go to {@code ollama.pid}, and only a process matching both is ever signalled.
 */
public final class DaemonLauncher {

    /** How long a daemon asked to stop may take before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final int TAIL_LINES = 10;

    /** The daemon's version, or a {@link DaemonUnreachableException} when it does not answer. */
    @FunctionalInterface
    public interface Probe {
        String version();
    }

    /** What {@link #start()} found or did. */
    public sealed interface Outcome permits AlreadyAnswering, Started {}

    /** A daemon answered already; {@code ours} is the one jollama started, if it is that one. */
    public record AlreadyAnswering(String version, DaemonRecord ours) implements Outcome {}

    public record Started(DaemonRecord daemon, String version) implements Outcome {}

    /** What {@link #stop()} did. */
    public sealed interface StopOutcome permits Stopped, NothingToStop {}

    /** {@code killed}: it did not exit within {@link #STOP_GRACE} of SIGTERM and was killed. */
    public record Stopped(DaemonRecord daemon, boolean killed) implements StopOutcome {}

    /**
     * No daemon of jollama's runs. {@code stale}: a record whose process is gone or is now another
     * process (left alone; the record is removed); {@code answeringVersion}: a daemon started some other
     * way still answers, or null.
     */
    public record NothingToStop(DaemonRecord stale, String answeringVersion) implements StopOutcome {}

    /** {@code version} null: not answering, {@code error} says why; {@code ours}: jollama's daemon, if running. */
    public record Status(String version, String error, DaemonRecord ours) {}

    private final OllamaHost host;
    private final DaemonSettings settings;
    private final Path stateDir;
    private final Map<String, String> environment;
    private final Probe probe;

    /**
     * @param stateDir where {@code ollama.pid} and {@code ollama.log} live ({@code $XDG_STATE_HOME/jollama})
     * @param environment jollama's own environment: PATH to find {@code ollama}, and passed on to it
     */
    public DaemonLauncher(
            OllamaHost host, DaemonSettings settings, Path stateDir, Map<String, String> environment, Probe probe) {
        this.host = host;
        this.settings = settings;
        this.stateDir = stateDir;
        this.environment = environment;
        this.probe = probe;
    }

    public Path logFile() {
        return stateDir.resolve("ollama.log");
    }

    public Path pidFile() {
        return stateDir.resolve("ollama.pid");
    }

    public OllamaHost host() {
        return host;
    }

    /** The running daemon jollama started, if there is one. */
    public Optional<DaemonRecord> ours() {
        return DaemonRecord.read(pidFile()).filter(r -> r.process().isPresent());
    }

    private DaemonRecord oursFor(OllamaHost host) {
        return ours().filter(r -> r.host().equals(host.toString())).orElse(null);
    }

    public Status status() {
        DaemonRecord ours = ours().orElse(null);
        try {
            return new Status(probe.version(), null, ours);
        } catch (DaemonUnreachableException e) {
            return new Status(null, e.getMessage(), ours);
        }
    }

    /**
     * Starts {@code ollama serve} unless a daemon answers at the host already, and waits until it
     * answers. A start that fails leaves nothing running and no record behind.
     *
     * @throws InvalidInputException for a host that is not on this machine, or https
     * @throws DaemonStartException when {@code ollama} is not on PATH, exits, or does not answer in time
     */
    public Outcome start() {
        checkServable();
        String version = versionIfRefused();
        if (version != null) {
            return new AlreadyAnswering(version, oursFor(host));
        }
        Path ollama = onPath("ollama").orElseThrow(() -> DaemonStartException.notInstalled(host.uri()));
        try {
            PrivateFiles.createDirectories(stateDir);
        } catch (IOException e) {
            throw DaemonStartException.cannotRun(host.uri(), ollama, e);
        }
        // One start at a time across jollama processes: a loop of `jollama run … &` with autostart
        // must not spawn one daemon per process, all but one failing to bind the port.
        try (FileChannel lockFile = FileChannel.open(
                        stateDir.resolve("ollama.lock"),
                        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        PrivateFiles.fileAttributes());
                FileLock lock = lockFile.lock()) {
            version = versionIfRefused();
            if (version != null) {
                return new AlreadyAnswering(version, oursFor(host));
            }
            Optional<DaemonRecord> earlier = ours();
            if (earlier.isPresent()) {
                // Started by a jollama that did not wait for it (interrupted), and maybe still loading.
                DaemonRecord r = earlier.get();
                String answered = r.host().equals(host.toString())
                        ? r.process()
                                .map(p -> awaitAnswer(p, settings.startTimeout()))
                                .orElse(null)
                        : null;
                if (answered != null) {
                    return new AlreadyAnswering(answered, r);
                }
                throw DaemonStartException.notAnswering(host.uri(), r.pid(), r.host());
            }
            return spawnAndWait(ollama);
        } catch (IOException e) {
            throw DaemonStartException.cannotRun(host.uri(), ollama, e);
        }
    }

    private void checkServable() {
        if (!host.isLoopback()) {
            throw new InvalidInputException("jollama starts Ollama only on this machine, and " + host
                    + " is another host: start `ollama serve` there, or use --host 127.0.0.1:PORT");
        }
        if (host.isEncrypted()) {
            throw new InvalidInputException("ollama serve speaks plain http, and " + host
                    + " is https (a proxy in front of it): start the daemon behind it yourself, or use --host"
                    + " http://127.0.0.1:PORT");
        }
    }

    /** The version when a daemon answers, null when the connection is refused; other failures are thrown. */
    private String versionIfRefused() {
        try {
            return probe.version();
        } catch (DaemonUnreachableException e) {
            if (e.reason() == DaemonUnreachableException.Reason.REFUSED) {
                return null;
            }
            throw e; // something is there, but not answering: starting another would not help
        }
    }

    private Started spawnAndWait(Path ollama) throws IOException {
        Path log = logFile();
        PrivateFiles.createFile(log);
        Files.writeString(
                log,
                "--- jollama: starting " + ollama + " serve at "
                        + Clock.systemUTC().instant() + " for " + host + "\n",
                StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        List<String> command = new ArrayList<>();
        // setsid gives the daemon its own session: no terminal, out of jollama's process group. Started
        // from a process that is not a group leader (the JVM's child), it execs without forking, so the
        // pid stays the daemon's. Without it (macOS), the daemon still outlives jollama.
        setsid().ifPresent(s -> command.add(s.toString()));
        command.add(ollama.toString());
        command.add("serve");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(daemonEnvironment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw DaemonStartException.cannotRun(host.uri(), ollama, e);
        }
        DaemonRecord record = DaemonRecord.of(process, host.toString(), log);
        record.write(pidFile()); // written at once, so a jollama interrupted while waiting leaves it findable
        String version = awaitAnswer(process.toHandle(), settings.startTimeout());
        if (version != null) {
            return new Started(record, version);
        }
        if (!process.toHandle().isAlive() || !process.isAlive()) {
            // The handle sees the exit before the JVM has reaped the child: wait for that, for its status.
            try {
                process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forget(record);
            throw DaemonStartException.exited(
                    host.uri(), record.pid(), process.isAlive() ? -1 : process.exitValue(), log, tail(log, logStart));
        }
        terminate(process.toHandle());
        forget(record);
        throw DaemonStartException.noAnswer(
                host.uri(), record.pid(), settings.startTimeout(), log, tail(log, logStart));
    }

    /** The version once the daemon answers; null when {@code process} exits first or {@code bound} passes. */
    private String awaitAnswer(ProcessHandle process, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return null;
            }
            try {
                return probe.version();
            } catch (DaemonUnreachableException notYet) {
                // listening comes a moment after the process starts
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException(); // the daemon keeps running, and its record stays
            }
        }
    }

    /**
     * jollama's environment, then each variable of the config's {@code daemon.env} that the environment
     * does not set (flag > environment > config), then OLLAMA_HOST: the address jollama will call.
     */
    Map<String, String> daemonEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        settings.env().forEach(env::putIfAbsent);
        env.put("OLLAMA_HOST", host.uri().getScheme() + "://" + host.uri().getRawAuthority());
        return env;
    }

    /** Stops the daemon jollama started, and only that process: SIGTERM, then SIGKILL after a grace period. */
    public StopOutcome stop() {
        Optional<DaemonRecord> recorded = DaemonRecord.read(pidFile());
        Optional<ProcessHandle> process = recorded.flatMap(DaemonRecord::process);
        if (process.isEmpty()) {
            recorded.ifPresent(this::forget);
            String answering;
            try {
                answering = probe.version();
            } catch (DaemonUnreachableException e) {
                answering = null;
            }
            return new NothingToStop(recorded.orElse(null), answering);
        }
        boolean killed = terminate(process.get());
        forget(recorded.get());
        return new Stopped(recorded.get(), killed);
    }

    /** SIGTERM and a bounded wait, then SIGKILL for it and what it started; true when it had to be killed. */
    private static boolean terminate(ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (exited(process, STOP_GRACE)) {
            return false;
        }
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        exited(process, STOP_GRACE);
        return true;
    }

    private static boolean exited(ProcessHandle process, Duration bound) {
        try {
            process.onExit().get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** Removes the record if it still names this process (another jollama may have written its own). */
    private void forget(DaemonRecord record) {
        if (DaemonRecord.read(pidFile()).map(r -> r.pid() == record.pid()).orElse(false)) {
            try {
                Files.deleteIfExists(pidFile());
            } catch (IOException ignored) {
                // a stale record is harmless: its process is checked before any signal
            }
        }
    }

    /** The last lines the daemon wrote since {@code from}: what it said before it failed. */
    static List<String> tail(Path log, long from) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(from, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private Optional<Path> onPath(String name) {
        String path = environment.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private Optional<Path> setsid() {
        return onPath("setsid").or(() -> java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst());
    }
}
