package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.serve.DaemonLauncher;
import dev.jollama.core.serve.DaemonRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Starts {@code ollama serve} in the background for a daemon on this machine, stops it, or shows it. */
@Command(
        name = "serve",
        description = {
            "Start `ollama serve` in the background for a host on this machine, and wait until it answers.",
            "It gets the config's \"daemon\" env; its output goes to $XDG_STATE_HOME/jollama/ollama.log.",
            "Nothing is started when a daemon answers already."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the daemon answers (started, or already running); --stop: none of jollama's runs any more",
            "2:the host is not on this machine, or is https",
            "4:invalid configuration",
            "69:ollama is not on PATH, exited, or did not answer in time; --status: not answering"
        })
public final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(
                names = "--stop",
                description = "Stop the daemon jollama started (SIGTERM, then SIGKILL after 10 s); never another"
                        + " process. Exit 0 also when none of jollama's was running.")
        boolean stop;

        @Option(
                names = "--status",
                description = "Whether the daemon answers, and whether jollama started it (pid, log).")
        boolean status;
    }

    @Override
    public Integer call() {
        Console console = root.console();
        DaemonLauncher launcher = root.services().client().daemonLauncher();
        if (mode.stop) {
            return stop(console, launcher);
        }
        if (mode.status) {
            return status(console, launcher);
        }
        DaemonLauncher.Outcome outcome = launcher.start();
        if (outcome instanceof DaemonLauncher.Started s) {
            console.note("started ollama serve (pid " + s.daemon().pid() + ", log "
                    + s.daemon().log() + "); Ollama " + s.version() + " answers at " + launcher.host());
        } else if (outcome instanceof DaemonLauncher.AlreadyAnswering a) {
            console.note("Ollama " + a.version() + " already answers at " + launcher.host() + ": nothing started"
                    + (a.ours() != null
                            ? " (jollama started it: pid " + a.ours().pid() + ")"
                            : ""));
        }
        return 0;
    }

    private static int stop(Console console, DaemonLauncher launcher) {
        DaemonLauncher.StopOutcome outcome = launcher.stop();
        if (outcome instanceof DaemonLauncher.Stopped s) {
            console.note("stopped ollama serve (pid " + s.daemon().pid()
                    + (s.killed() ? "; it ignored SIGTERM for 10 s and was killed" : "") + ")");
        } else if (outcome instanceof DaemonLauncher.NothingToStop n) {
            String line = "no ollama serve started by jollama is running";
            if (n.stale() != null) {
                line += " (pid " + n.stale().pid() + " in " + launcher.pidFile()
                        + " has exited or is another process now: left alone)";
            }
            if (n.answeringVersion() != null) {
                line += "; Ollama " + n.answeringVersion() + " at " + launcher.host()
                        + " was started some other way and still runs";
            }
            console.note(line);
        }
        return 0;
    }

    private static int status(Console console, DaemonLauncher launcher) {
        DaemonLauncher.Status status = launcher.status();
        DaemonRecord ours = status.ours();
        console.println("host:      " + launcher.host());
        console.println(
                "daemon:    " + (status.version() != null ? "up, version " + status.version() : "not answering"));
        console.println("started:   "
                + (ours != null ? "by jollama, pid " + ours.pid() + " (for " + ours.host() + ")" : "not by jollama"));
        console.println("log:       " + (ours != null ? ours.log() : launcher.logFile()));
        if (status.version() == null) {
            throw new ExitException(ExitCode.UNREACHABLE, status.error());
        }
        return 0;
    }
}
