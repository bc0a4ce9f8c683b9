package dev.jollama.cli.command;

import dev.jollama.cli.Services;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * jollama's version from the jar manifest, and the daemon's when one answers within {@link #DAEMON_WAIT}:
 * no retries, nothing said when none answers (a daemon that is down refuses at once; one that does not
 * answer costs that wait, never more).
 */
public final class VersionProvider implements IVersionProvider {

    /** The longest {@code --version} waits for the daemon's version. */
    public static final Duration DAEMON_WAIT = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        Object root = spec == null ? null : spec.root().userObject();
        return root instanceof JollamaCommand command && asked(spec.root().commandLine())
                ? lines(command.services())
                : new String[] {own()};
    }

    /**
     * Whether {@code --version} was given: Picocli also reads the version while it builds the tree (each
     * subcommand inherits it) and for the man pages, and no daemon is asked then.
     */
    private static boolean asked(CommandLine cmd) {
        ParseResult parsed = cmd == null ? null : cmd.getParseResult();
        while (parsed != null) {
            if (parsed.isVersionHelpRequested()) {
                return true;
            }
            parsed = parsed.subcommand();
        }
        return false;
    }

    /** "jollama X", then "ollama Y at HOST" when the first host answers. */
    public static String[] lines(Services services) {
        Optional<String> daemon = services.client().daemonVersionWithin(DAEMON_WAIT);
        return daemon.isEmpty()
                ? new String[] {own()}
                : new String[] {
                    own(), "ollama " + daemon.get() + " at " + services.client().host()
                };
    }

    /** jollama's own version line, from the manifest alone. */
    public static String own() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return "jollama " + (version == null ? "dev" : version);
    }
}
