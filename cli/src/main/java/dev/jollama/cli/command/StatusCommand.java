package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.hosts.HostReport;
import dev.jollama.core.http.ApiKey;
import dev.jollama.core.json.Json;
import dev.jollama.core.resilience.BreakerStatus;
import dev.jollama.core.settings.Setting;
import dev.jollama.core.settings.SettingsResolver;
import dev.jollama.core.text.Durations;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Is the daemon up, which version, what is loaded. Exit 0 when up, 69 when not. */
@Command(
        name = "status",
        description = "Show whether the daemon (each host, with several) is up, its version and loaded models.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    /** The --json shape: the first host's fields as before, and every host under "hosts". */
    record Status(
            String host,
            boolean reachable,
            String version,
            List<RunningModel> loaded,
            String error,
            BreakerStatus circuitBreaker,
            List<HostReport> hosts) {}

    @Override
    public Integer call() {
        Console console = root.console();
        List<HostReport> reports = HostReport.of(root.services().client().pool());
        HostReport first = reports.get(0);
        boolean anyUp = reports.stream().anyMatch(HostReport::reachable);
        if (json.json) {
            console.println(Json.pretty(new Status(
                    first.host(),
                    first.reachable(),
                    first.version(),
                    first.loaded(),
                    first.error(),
                    first.circuitBreaker(),
                    reports)));
        } else if (reports.size() == 1) {
            console.println(
                    "host:      " + first.host() + (first.api().equals("ollama") ? "" : " (OpenAI-compatible API)"));
            console.println("daemon:    "
                    + (first.reachable() ? "up, version " + first.version() : first.state() + " (below)"));
            if (first.reachable()) {
                printLoaded(console, "loaded:    ", "           ", first.loaded());
            }
            if (root.verbose()) {
                verbose(console, first.circuitBreaker());
            }
        } else {
            for (HostReport r : reports) {
                console.println(r.name() + " (" + r.host() + (r.api().equals("ollama") ? "" : ", OpenAI-compatible API")
                        + "): " + (r.reachable() ? "up, version " + r.version() : r.state() + ": " + r.error())
                        + "; breaker " + r.circuitBreaker().state().toLowerCase(java.util.Locale.ROOT));
                if (r.reachable()) {
                    printLoaded(console, "  loaded: ", "          ", r.loaded());
                }
            }
            if (root.verbose()) {
                verbose(console, null);
            }
        }
        if (!anyUp) {
            throw new ExitException(ExitCode.UNREACHABLE, reports.size() == 1 ? first.error() : "no host is answering");
        }
        return 0;
    }

    private void printLoaded(Console console, String label, String indent, List<RunningModel> loaded) {
        if (loaded == null) {
            console.println(label + "(not reported by this engine)");
            return;
        }
        console.println(label + (loaded.isEmpty() ? "no models" : describe(loaded.get(0), root)));
        for (RunningModel m : loaded.subList(Math.min(1, loaded.size()), loaded.size())) {
            console.println(indent + describe(m, root));
        }
    }

    private static String describe(RunningModel m, JollamaCommand root) {
        return m.name() + " (" + HumanUnits.bytes(m.size()) + ", " + PsCommand.processor(m) + ", until "
                + HumanUnits.until(m.expiresAt(), root.services().env().clock().instant()) + ")";
    }

    private void verbose(Console console, BreakerStatus breaker) {
        var services = root.services();
        var config = services.config();
        console.println("config:    "
                + (config.source() != null
                        ? config.source()
                        : services.settings().configLocation().path() + " (not present: defaults)"));
        console.println(
                "timeouts:  connect " + Durations.human(config.timeouts().connect()) + ", first byte "
                        + Durations.human(config.timeouts().firstByte()) + ", idle "
                        + Durations.human(config.timeouts().idle()));
        var r = config.resilience();
        int hosts = services.settings().hosts().size();
        int tries = r.maxAttempts();
        console.println("retry:     "
                + (hosts > 1
                        ? "1 try per host per round, " + tries + (tries == 1 ? " round" : " rounds") + " over " + hosts
                                + " hosts"
                        : tries + (tries == 1 ? " try in all (no retries)" : " tries in all"))
                + (tries > 1
                        ? ", backoff from " + Durations.human(r.initialBackoff()) + " ×" + r.multiplier()
                                + " with jitter " + r.jitter()
                        : ""));
        if (breaker != null) {
            console.println("breaker:   " + breaker.state() + " (" + breaker.failedCalls() + " of "
                    + breaker.bufferedCalls() + " recent calls failed; opens at " + (int) r.failureRateThreshold()
                    + "% of " + r.slidingWindow() + ", probes after " + Durations.human(r.openWait()) + ")");
        }
        ApiKey key = services.settings().apiKey();
        console.println("api key:   " + (key == null ? "none" : key.redacted()));
        var host = services.settings().effective(Setting.HOST);
        if (host.origin().kind() != SettingsResolver.Kind.DEFAULT) {
            console.println("from:      " + host.origin().shown()); // the host itself is the first line
        }
    }
}
