package dev.jollama.cli.command;

import dev.jollama.cli.Environment;
import dev.jollama.cli.GlobalOptions;
import dev.jollama.cli.Services;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.InvalidInputException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options, shared by every subcommand before or after its name. */
@Command(
        name = "jollama",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "A terminal client for a local Ollama daemon.",
        // The launcher says where install.sh put the docs; from the build, they are the repository's.
        footer = {"", "Documentation: " + JollamaCommand.DOCS + " (configuration, chat, tools, json, security, …)"}
        // The exit codes come from ExitCode, set by Cli: the one list, for --help, man pages and README.
        )
public final class JollamaCommand implements Runnable {

    /**
     * Where the docs are, for --help and the man pages: $PREFIX/share/doc/jollama once installed (the
     * launcher and install.sh's build pass it as jollama.docs), docs/ in the repository otherwise.
     */
    public static final String DOCS = "${sys:jollama.docs:-docs}";

    /** Every subcommand, in the order --help lists them; registered by {@link dev.jollama.cli.Cli}. */
    public static final List<Class<?>> SUBCOMMANDS = List.of(
            ChatCommand.class,
            RunCommand.class,
            BatchCommand.class,
            EmbedCommand.class,
            StatusCommand.class,
            ServeCommand.class,
            ListCommand.class,
            PsCommand.class,
            ShowCommand.class,
            PullCommand.class,
            RmCommand.class,
            StopCommand.class,
            ProfilesCommand.class,
            ConfigCommand.class,
            SessionsCommand.class,
            LogsCommand.class,
            McpCommand.class,
            FitCommand.class,
            HwCommand.class,
            CompletionCommand.class,
            CompletionValuesCommand.class,
            picocli.CommandLine.HelpCommand.class);

    @Option(
            names = "--host",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "The one daemon to use (default: $OLLAMA_HOST, $JOLLAMA_HOSTS, the config file's \"hosts\" or"
                    + " \"host\", http://127.0.0.1:11434).")
    String host;

    @Option(
            names = "--api",
            scope = ScopeType.INHERIT,
            paramLabel = "API",
            completionCandidates = ApiNames.class,
            description = {
                "What the host given by --host, OLLAMA_HOST or JOLLAMA_HOSTS speaks: ollama (default) or openai"
                        + " (vLLM, llama.cpp, LM Studio, LiteLLM; the address ends in /v1).",
                "Hosts in the config file say it themselves (\"api\")."
            })
    String api;

    /** The values --api takes, for --help and completion. */
    static final class ApiNames extends java.util.ArrayList<String> {
        ApiNames() {
            super(List.of("ollama", "openai"));
        }
    }

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Config file (default: $JOLLAMA_CONFIG, $XDG_CONFIG_HOME/jollama/config.json).")
    String config;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours (also: NO_COLOR=1).")
    boolean noColor;

    @Option(
            names = "--raw",
            scope = ScopeType.INHERIT,
            description = {
                "Print the daemon's text byte for byte even on a terminal, control sequences included.",
                "Without it a terminal shows them harmlessly, as ^[ or \\u202e (" + DOCS + "/security.md)."
            })
    boolean raw;

    @Option(
            names = "--insecure",
            scope = ScopeType.INHERIT,
            description = {
                "Send the API key over plain http to another machine, where anyone on the way can read it.",
                "Without it such a request is refused (docs/security.md)."
            })
    boolean insecure;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "More detail, and stack traces with errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Environment env;
    private Services services;

    public JollamaCommand(Environment env) {
        this.env = env;
    }

    public boolean verbose() {
        return verbose;
    }

    public Services services() {
        if (services == null) {
            PrintWriter err = spec.commandLine().getErr();
            services =
                    new Services(env, new GlobalOptions(host, config, noColor, raw, verbose, api, insecure), line -> {
                        err.println(line);
                        err.flush();
                    });
        }
        return services;
    }

    /** Where this command line writes errors: stderr, or a test's writer. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** After the command: closes what the core client opened (the log's database). */
    public void finish() {
        if (services != null) {
            services.close();
        }
    }

    public Console console() {
        return services()
                .console(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** No command: a chat on a terminal, the usage otherwise (a script calling `jollama` alone is a mistake). */
    @Override
    public void run() {
        if (env.stdinIsTerminal() && env.stdoutIsTerminal()) {
            try {
                services().client().logAs("chat", false);
                ChatCommand.open(this, null, null, null);
                return;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new InvalidInputException(null);
    }
}
