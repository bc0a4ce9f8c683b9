package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitCode;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.YesNo;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.FitReport;
import dev.jollama.core.fit.KvCacheType;

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
                            services.hardware());
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
            if (YesNo.ask(
                    console, services.env().stdin(), "jollama: " + console.forErr(why) + ". Download it anyway?")) {
                return;
            }
            throw new ExitException(ExitCode.WONT_FIT, "not downloaded");
        }
        throw new ExitException(ExitCode.WONT_FIT, why + " (`jollama pull --force " + model + "` downloads it anyway)");
    }
}
