package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ShellTest {

    /** A background child, a grandchild that its subshell left behind (no longer a descendant), then sleep. */
    static final String SPAWNS_AND_SLEEPS =
            "echo started; sleep 1000 & echo $! > child.pid; (sleep 1000 & echo $! > grandchild.pid); sleep 1000";

    @TempDir
    Path temp;

    Sandbox box;
    final List<Long> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
    }

    @AfterEach
    void cleanUp() {
        // Should a test fail, leave no sleeper behind.
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        box.assertOutsideUntouched();
    }

    @Test
    void runsInTheWorkspaceWithOutputErrorsAndExitStatus() {
        Shell shell = new Shell(box.workspace);
        ToolResult result = shell.call(args("command", "pwd; echo oops >&2; exit 3"), new Cancellation());
        assertThat(result.content()).isEqualTo(box.root + "\noops\n[exit status 3]");
        assertThat(result.error()).isTrue();
        ToolResult fine = shell.call(args("command", "cat; echo done"), new Cancellation());
        assertThat(fine).isEqualTo(ToolResult.ok("done\n[exit status 0]"));
    }

    @Test
    void thePreviewIsTheExactCommandAndAlwaysCoversOnlyIt() {
        Shell shell = new Shell(box.workspace);
        ToolPreview preview = shell.preview(args("command", "rm -rf build && make test"));
        assertThat(preview)
                .isEqualTo(new ToolPreview(
                        "shell: rm -rf build && make test",
                        "rm -rf build && make test",
                        "shell:rm -rf build && make test"));
        assertThat(shell.preview(args("command", "echo a\necho b")).summary()).isEqualTo("shell: echo a …");
        assertThat(shell.preview(args()).alwaysKey()).isEqualTo("shell");
    }

    @Test
    void badArgumentsAreErrors() {
        Shell shell = new Shell(box.workspace);
        assertThat(shell.call(args(), new Cancellation()))
                .isEqualTo(ToolResult.error("missing required field 'command' (a string)"));
        assertThat(shell.call(args("command", " "), new Cancellation()))
                .isEqualTo(ToolResult.error("field 'command' is empty: give a command line"));
        assertThat(shell.call(args("command", List.of("ls")), new Cancellation()))
                .isEqualTo(ToolResult.error("field 'command' must be a string, not an array"));
        assertThat(shell.call(args("command", "echo " + "x".repeat(10_000_000)), new Cancellation()))
                .isEqualTo(ToolResult.error("the command is 9.5 MiB long: at most 128.0 KiB can be passed to bash;"
                        + " write a script with write_file and run that"));
    }

    @Test
    void aCancelFromAnotherThreadKillsTheWholeGroup() throws Exception {
        Shell shell = new Shell(box.workspace, Duration.ofMinutes(10), Shell.MAX_OUTPUT);
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ToolResult> call =
                CompletableFuture.supplyAsync(() -> shell.call(args("command", SPAWNS_AND_SLEEPS), cancellation));
        long child = pid("child.pid");
        long grandchild = pid("grandchild.pid");
        assertThat(running(child)).isTrue();
        assertThat(running(grandchild)).isTrue();

        CompletableFuture.runAsync(cancellation::cancel).get(15, TimeUnit.SECONDS);
        ToolResult result = call.get(15, TimeUnit.SECONDS);

        assertThat(result.error()).isTrue();
        assertThat(result.content())
                .isEqualTo("started\n[cancelled: the command and every process it started were killed]");
        await(() -> !running(child), "the background child " + child + " to be killed");
        await(() -> !running(grandchild), "the orphaned grandchild " + grandchild + " to be killed");
    }

    @Test
    void anInterruptIsACancelToo() throws Exception {
        Shell shell = new Shell(box.workspace, Duration.ofMinutes(10), Shell.MAX_OUTPUT);
        CompletableFuture<ToolResult> result = new CompletableFuture<>();
        Thread caller =
                new Thread(() -> result.complete(shell.call(args("command", SPAWNS_AND_SLEEPS), new Cancellation())));
        caller.start();
        long child = pid("child.pid");
        long grandchild = pid("grandchild.pid");
        caller.interrupt();
        assertThat(result.get(15, TimeUnit.SECONDS).content())
                .isEqualTo("started\n[cancelled: the command and every process it started were killed]");
        await(() -> !running(child), "the background child " + child + " to be killed");
        await(() -> !running(grandchild), "the orphaned grandchild " + grandchild + " to be killed");
    }

    @Test
    void aTimeoutKillsTheWholeGroupToo() throws Exception {
        Shell shell = new Shell(box.workspace, Duration.ofSeconds(2), Shell.MAX_OUTPUT);
        CompletableFuture<ToolResult> call =
                CompletableFuture.supplyAsync(() -> shell.call(args("command", SPAWNS_AND_SLEEPS), new Cancellation()));
        long child = pid("child.pid");
        long grandchild = pid("grandchild.pid");
        ToolResult result = call.get(30, TimeUnit.SECONDS);
        assertThat(result.error()).isTrue();
        assertThat(result.content())
                .isEqualTo("started\n[timed out after 2s: the command and every process it started were killed]");
        await(() -> !running(child), "the background child " + child + " to be killed");
        await(() -> !running(grandchild), "the orphaned grandchild " + grandchild + " to be killed");
    }

    @Test
    void backgroundProcessesItLeavesEndWithTheCommand() throws Exception {
        Shell shell = new Shell(box.workspace);
        ToolResult result =
                shell.call(args("command", "sleep 1000 & echo $! > bg.pid; echo started"), new Cancellation());
        assertThat(result.content())
                .isEqualTo("started\n[processes it left running in the background were killed]\n[exit status 0]");
        long bg = pid("bg.pid");
        await(() -> !running(bg), "the background sleeper " + bg + " to be killed");
    }

    @Test
    void aCommandCancelledBeforeItStartsIsNotRun() {
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        ToolResult result = new Shell(box.workspace).call(args("command", "touch ran"), cancelled);
        assertThat(result).isEqualTo(ToolResult.error("cancelled: the command was not run"));
        assertThat(box.root.resolve("ran")).doesNotExist();
    }

    @Test
    void outputIsCappedKeepingItsStartAndItsEnd() {
        Shell shell = new Shell(box.workspace, Duration.ofSeconds(30), 1000);
        ToolResult result =
                shell.call(args("command", "head -c 5000 /dev/zero | tr '\\0' a; echo; echo END"), new Cancellation());
        assertThat(result.content())
                .isEqualTo("a".repeat(500)
                        + "\n[output cut: 4005 bytes left out of 5005 (only the first and last 500 bytes are kept)]\n"
                        + "a".repeat(495) + "\nEND\n[exit status 0]");
    }

    @Test
    void aFloodOfOutputDoesNotBlockTheCommand() {
        Shell shell = new Shell(box.workspace, Duration.ofSeconds(60), 1000);
        ToolResult result =
                shell.call(args("command", "head -c 50000000 /dev/zero; echo done >&2"), new Cancellation());
        assertThat(result.content()).endsWith("done\n[exit status 0]").contains("49999005 bytes left out of 50000005");
    }

    private long pid(String file) throws Exception {
        Path path = box.root.resolve(file);
        await(
                () -> {
                    try {
                        return Files.exists(path) && Files.readString(path).endsWith("\n");
                    } catch (IOException e) {
                        return false;
                    }
                },
                file + " to be written");
        long pid = Long.parseLong(Files.readString(path).strip());
        started.add(pid);
        return pid;
    }

    /** Running, and not a zombie waiting for a parent (or a container's init) to reap it. */
    static boolean running(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after 20s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
