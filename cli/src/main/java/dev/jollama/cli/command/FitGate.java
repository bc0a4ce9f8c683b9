package dev.jollama.cli.command;

import dev.jollama.cli.Services;
import dev.jollama.cli.error.ExitException;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.YesNo;
import dev.jollama.core.client.PullGate;
import dev.jollama.core.error.ExitCode;

/**
 * What the shell does with the core's pull decision ({@link PullGate}) for `pull`, `run --pull` and the
 * chat's offer to pull: a note is shown; a model that will not fit is asked about on a terminal
 * (default No) and refused with exit 5 elsewhere, naming {@code --force}.
 */
final class FitGate {

    private FitGate() {}

    static void beforePull(JollamaCommand root, String model, boolean force) {
        beforePull(root.services(), root.console(), model, force);
    }

    static void beforePull(Services services, Console console, String model, boolean force) {
        PullGate.Verdict verdict = services.client().pullGate().check(model, force);
        if (verdict instanceof PullGate.Go go) {
            if (go.note() != null) {
                console.note(go.note());
            }
            return;
        }
        String why = ((PullGate.WontFit) verdict).why();
        if (services.env().stdinIsTerminal() && services.env().stderrIsTerminal()) {
            if (YesNo.ask(
                    console, services.env().stdin(), Console.PREFIX + console.forErr(why) + ". Download it anyway?")) {
                return;
            }
            throw new ExitException(ExitCode.WONT_FIT, "not downloaded");
        }
        throw new ExitException(ExitCode.WONT_FIT, why + " (`jollama pull --force " + model + "` downloads it anyway)");
    }
}
