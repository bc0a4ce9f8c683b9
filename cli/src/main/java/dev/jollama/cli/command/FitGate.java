package dev.jollama.cli.command;

import dev.jollama.cli.error.ExitCode;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.FitReport;
import dev.jollama.core.fit.KvCacheType;
import dev.jollama.core.fit.ModelHeaderException;
import dev.jollama.core.hardware.HardwareProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fit check before a download (`pull`, `run --pull`): a model that will not fit is not
 * downloaded unless the user says so — asked on a terminal (default No), refused with exit 5
 * elsewhere unless {@code --force}. A registry that cannot be asked is a note, not a stop.
 */
final class FitGate {

    private FitGate() {}

    static void beforePull(JollamaCommand root, String model, boolean force) {
        if (force) {
            return;
        }
        Console console = root.console();
        var services = root.services();
        FitReport report;
        try {
            report = services.fitCheck()
                    .check(
                            model,
                            new FitCheck.Options(4096, 1, KvCacheType.F16),
                            HardwareProbe.system(services.env().variables()).probe());
        } catch (ModelNotFoundException e) {
            throw e;
        } catch (DaemonUnreachableException | ModelHeaderException e) {
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
            throw new ExitException(ExitCode.WONT_FIT, null);
        }
        throw new ExitException(ExitCode.WONT_FIT, why + " (--force downloads it anyway)");
    }
}
