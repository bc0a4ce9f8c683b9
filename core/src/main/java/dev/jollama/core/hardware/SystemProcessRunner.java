package dev.jollama.core.hardware;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProcessRunner} over {@link ProcessBuilder}: a tool that hangs is killed at the deadline. A tool
 * is looked for on the PATH given (jollama's environment, as for {@code ollama serve}), not the JVM's.
 */
public final class SystemProcessRunner implements ProcessRunner {

    private final String path;

    /** Tools found as the JVM finds them. */
    public SystemProcessRunner() {
        this(null);
    }

    /** @param path where to look for a tool named without a directory; null: as the JVM does */
    public SystemProcessRunner(String path) {
        this.path = path;
    }

    @Override
    public Optional<String> run(List<String> command, Duration timeout) {
        List<String> resolved = resolve(command);
        if (resolved == null) {
            return Optional.empty();
        }
        Process process;
        try {
            process = new ProcessBuilder(resolved)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())))
                    .start();
        } catch (IOException | RuntimeException notInstalled) {
            return Optional.empty();
        }
        // Read while it runs, so a chatty tool cannot block on a full pipe before the deadline.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return Optional.empty();
            }
            String text = output.get(1, TimeUnit.SECONDS);
            return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            process.destroyForcibly();
            return Optional.empty();
        }
    }

    /** The command with its program found on {@link #path}; null when it is not there. */
    private List<String> resolve(List<String> command) {
        String program = command.get(0);
        if (path == null || program.contains(File.separator)) {
            return command;
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : windows ? List.of(program + ".exe", program) : List.of(program)) {
                File candidate = new File(dir, name);
                if (!dir.isEmpty() && candidate.isFile() && candidate.canExecute()) {
                    List<String> out = new java.util.ArrayList<>(command);
                    out.set(0, candidate.getAbsolutePath());
                    return out;
                }
            }
        }
        return null;
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
