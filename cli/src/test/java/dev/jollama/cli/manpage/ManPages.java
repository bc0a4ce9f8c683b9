package dev.jollama.cli.manpage;

import dev.jollama.cli.Cli;
import dev.jollama.cli.Environment;
import dev.jollama.core.error.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time tool (cli/pom.xml runs it before the tests): one AsciiDoc man page per command, written
 * by Picocli's generator from the annotations, with the exit codes and the environment added to
 * each; asciidoctor's manpage backend turns them into troff. Arguments: the output folder, the version.
 */
public final class ManPages {

    /**
     * Every variable jollama reads, and what for. {@code ManPagesIT} checks that each name the main
     * sources look up is here.
     */
    static final Map<String, String> ENVIRONMENT = environment();

    /** The settings' variables, from the settings table, then the other variables jollama reads. */
    private static Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (dev.jollama.core.settings.Setting s : dev.jollama.core.settings.Setting.values()) {
            if (s.env() != null) {
                String name = s.env();
                String fallback = s.defaultText().isEmpty() ? "" : " (default: " + s.defaultText() + ")";
                env.put(name, s.description() + fallback);
            }
        }
        env.putAll(ordered(
                "XDG_CONFIG_HOME",
                "The config file is $XDG_CONFIG_HOME/jollama/config.json (default ~/.config).",
                "XDG_DATA_HOME",
                "Saved chats are in $XDG_DATA_HOME/jollama/sessions (default ~/.local/share).",
                "XDG_STATE_HOME",
                "The chat line history, and the log and pid of the daemon jollama starts, are in"
                        + " $XDG_STATE_HOME/jollama (default ~/.local/state).",
                "HOME",
                "The base of the default locations above.",
                "TERM",
                "dumb: no colours.",
                "WAYLAND_DISPLAY, DISPLAY, PATH",
                "Which clipboard program /copy uses in the chat (wl-copy, xclip, xsel, pbcopy), found on PATH;"
                        + " PATH also finds ollama for serve and autostart."));
        return env;
    }

    private ManPages() {}

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Path.of(args[0]));
        String version = args.length > 1 ? args[1] : "dev";
        CommandLine root = Cli.commandLine(new Environment(
                Map.of(), false, false, false, new java.io.ByteArrayInputStream(new byte[0]), Clock.systemUTC()));
        CommandSpec rootSpec = root.getCommandSpec();
        write(rootSpec, rootSpec, version, out);
    }

    private static void write(CommandSpec spec, CommandSpec root, String version, Path out) throws IOException {
        if (spec.usageMessage().hidden()) {
            return;
        }
        // The same exit codes for every command, each with its whole meaning from ExitCode (the
        // root's --help list is the short form; ManPagesIT checks that it has the same codes).
        Map<String, String> exitCodes = new java.util.LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            exitCodes.put(Integer.toString(code.code()), code.meaning());
        }
        spec.usageMessage().exitCodeListHeading("Exit status%n").exitCodeList(exitCodes);
        spec.versionProvider(() -> new String[] {"jollama " + version});
        StringWriter page = new StringWriter();
        try (PrintWriter w = new PrintWriter(page)) {
            ManPageGenerator.writeSingleManPage(w, spec);
            w.println();
            w.println("== Environment");
            w.println();
            ENVIRONMENT.forEach((name, meaning) -> {
                w.println("*" + name + "*::");
                w.println("  " + meaning);
                w.println();
            });
            w.println("== See also");
            w.println();
            w.println(seeAlso(spec, root));
        }
        Files.writeString(out.resolve(spec.qualifiedName("-") + ".adoc"), page.toString());
        for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
            write(sub.getCommandSpec(), root, version, out);
        }
    }

    /** The root page lists every command's page; a command's page, the root's and its subcommands'. */
    private static String seeAlso(CommandSpec spec, CommandSpec root) {
        List<CommandSpec> related = spec == root
                ? all(root).stream().filter(s -> s != root).toList()
                : java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(root),
                                all(spec).stream().filter(s -> s != spec))
                        .toList();
        return String.join(
                ", ",
                related.stream()
                        .filter(s -> !s.usageMessage().hidden())
                        .map(s -> "*" + s.qualifiedName("-") + "*(1)")
                        .toList());
    }

    private static List<CommandSpec> all(CommandSpec spec) {
        List<CommandSpec> out = new java.util.ArrayList<>(List.of(spec));
        for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
            out.addAll(all(sub.getCommandSpec()));
        }
        return out;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
