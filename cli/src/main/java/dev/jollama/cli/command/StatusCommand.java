package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitCode;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.core.daemon.ApiKey;
import dev.jollama.core.daemon.Durations;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.json.Json;
import dev.jollama.core.resilience.BreakerStatus;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Is the daemon up, which version, what is loaded. Exit 0 when up, 69 when not. */
@Command(name = "status", description = "Show whether the Ollama daemon is up, its version and loaded models.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    /** The --json shape. */
    record Status(
            String host,
            boolean reachable,
            String version,
            List<RunningModel> loaded,
            String error,
            BreakerStatus circuitBreaker) {}

    @Override
    public Integer call() {
        Console console = root.console();
        ResilientOllamaDaemon daemon = root.services().daemon();
        String host = daemon.host().toString();
        String version = null;
        List<RunningModel> loaded = List.of();
        String error = null;
        try {
            version = daemon.version();
            loaded = daemon.runningModels();
        } catch (DaemonUnreachableException e) {
            error = e.getMessage();
        }
        BreakerStatus breaker = daemon.breakerStatus();
        if (json.json) {
            console.println(Json.pretty(new Status(host, error == null, version, loaded, error, breaker)));
        } else {
            console.println("host:      " + host);
            console.println("daemon:    " + (error == null ? "up, version " + version : "not answering (below)"));
            if (error == null) {
                console.println("loaded:    " + (loaded.isEmpty() ? "no models" : describe(loaded.get(0), root)));
                for (RunningModel m : loaded.subList(Math.min(1, loaded.size()), loaded.size())) {
                    console.println("           " + describe(m, root));
                }
            }
            if (root.verbose()) {
                verbose(console, breaker);
            }
        }
        if (error != null) {
            throw new ExitException(ExitCode.UNREACHABLE, error);
        }
        return 0;
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
                        : services.configLocation().path() + " (not present: defaults)"));
        console.println(
                "timeouts:  connect " + Durations.human(config.timeouts().connect()) + ", first byte "
                        + Durations.human(config.timeouts().firstByte()) + ", idle "
                        + Durations.human(config.timeouts().idle()));
        var r = config.resilience();
        console.println("retry:     " + r.maxAttempts() + " attempts, backoff from "
                + Durations.human(r.initialBackoff()) + " ×" + r.multiplier() + " with jitter " + r.jitter());
        console.println("breaker:   " + breaker.state() + " (" + breaker.failedCalls() + " of "
                + breaker.bufferedCalls() + " recent calls failed; opens at " + (int) r.failureRateThreshold()
                + "% of " + r.slidingWindow() + ", probes after " + Durations.human(r.openWait()) + ")");
        Map<String, String> env = services.env().variables();
        ApiKey key = ApiKey.fromEnvironment(env);
        console.println("api key:   " + (key == null ? "none" : key.redacted()));
        if (env.get("OLLAMA_HOST") != null) {
            console.println("OLLAMA_HOST=" + env.get("OLLAMA_HOST"));
        }
    }
}
