package dev.jollama.cli;

import dev.jollama.cli.render.Console;
import dev.jollama.core.client.Jollama;
import dev.jollama.core.settings.Config;
import dev.jollama.core.settings.Setting;
import dev.jollama.core.settings.Settings;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a command line shares: the global flags and the process's environment turned into
 * {@link Settings} once, the core client built from them, and the console. Built on first use, so that
 * {@code --help} never reads a file or loads the HTTP stack ({@code --version} does, to ask the daemon).
 */
public final class Services {

    /** The one place the {@code jollama:} prefix of a diagnostic line is written. */
    private final Environment env;

    private final GlobalOptions options;
    private final Consumer<String> diagnostics;
    private Settings settings;
    private Jollama client;

    /** {@code diagnostics}: where warnings about the setup go, one line each (stderr), prefix included. */
    public Services(Environment env, GlobalOptions options, Consumer<String> diagnostics) {
        this.env = env;
        this.options = options;
        this.diagnostics = diagnostics;
    }

    public GlobalOptions options() {
        return options;
    }

    /** Which streams are terminals, stdin and the clock; the variables are the settings' to read. */
    public Environment env() {
        return env;
    }

    /** Every setting in effect, from the global flags, the environment and the config file. */
    public Settings settings() {
        if (settings == null) {
            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            if (options.host() != null) {
                flags.put(Setting.HOST, options.host());
            }
            if (options.api() != null) {
                flags.put(Setting.API, options.api());
            }
            if (options.config() != null) {
                flags.put(Setting.CONFIG, options.config());
            }
            if (options.noColour()) {
                flags.put(Setting.COLOUR, "off");
            }
            if (options.insecure()) {
                flags.put(Setting.INSECURE, "on");
            }
            settings = Settings.of(flags, env.variables(), options.verbose());
        }
        return settings;
    }

    /** The core client: daemons, chats, sessions, the launcher, the fit check. */
    public Jollama client() {
        if (client == null) {
            client = new Jollama(settings(), env.clock(), line -> diagnostics.accept(Console.PREFIX + line));
        }
        return client;
    }

    /** Closes the core client, when one was built. */
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /** The config file over the defaults (profiles), as {@link Settings#config()}. */
    public Config config() {
        return settings().config();
    }

    public Console console(PrintWriter out, PrintWriter err) {
        return new Console(
                out,
                err,
                env.stdoutIsTerminal(),
                env.stderrIsTerminal(),
                settings().colour() && env.stderrIsTerminal(),
                options.raw());
    }
}
