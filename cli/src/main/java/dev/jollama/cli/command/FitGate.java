package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitCode;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.FitReport;
import dev.jollama.core.fit.KvCacheType;
import dev.jollama.core.hardware.HardwareProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fit check before a download (`pull`, `run --pull`): a model that will not fit is not
 * downloaded unless the user says so — asked on a terminal (default No), refused with exit 5
 * elsewhere unless {@code pull --force}. Whatever keeps the check from answering (a registry that
 * cannot be asked, a model it does not know, a daemon on another machine) is a note, not a stop: the
 * daemon pulls from its own registry, onto its own machine.
 */
final class FitGate {

    private FitGate() {}

    static void beforePull(JollamaCommand root, String model, boolean force) {
        if (force) {
            return;
        }
        Console console = root.console();
        var services = root.services();
        if (!services.host().isLoopback()) {
            console.info("jollama: note: the daemon at " + services.host() + " is on another machine: its memory"
                    + " is not checked before the pull");
            return;
        }
        FitReport report;
        try {
            report = services.fitCheck()
                    .check(
                            model,
                            new FitCheck.Options(FitCommand.contextOf(services, model, null), 1, KvCacheType.F16),
                            HardwareProbe.system(services.env().variables()).probe());
        } catch (JollamaException e) {
            console.info("jollama: note: could not check whether " + model + " fits (" + e.getMessage()
                    + "); pulling anyway");
            return;
        }
        if (report.fits()) {
            return;
        }
        String why = "model " + model + " will not fit this machine: " + report.reason();
        if (services.env().stdinIsTerminal() && services.env().stderrIsTerminal()) {
            console.errPrint("jollama: " + console.forErr(why) + ". Download it anyway? [y/N] ");
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(services.env().stdin(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                return;
            }
            console.errPrint(answer == null ? "\n" : "");
            throw new ExitException(ExitCode.WONT_FIT, "not downloaded");
        }
        throw new ExitException(ExitCode.WONT_FIT, why + " (`jollama pull --force " + model + "` downloads it anyway)");
    }
}
