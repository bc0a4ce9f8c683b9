package dev.jollama.cli.manpage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.Cli;
import dev.jollama.cli.CliRunner;
import dev.jollama.core.error.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages the build wrote to target/man (cli/pom.xml runs ManPages and asciidoctor before the tests). */
class ManPagesIT {

    private static final Path MAN = Path.of("target/man");

    @TempDir
    Path home;

    @Test
    void everyCommandHasAPageNamingEachOfItsOptions() throws IOException {
        CommandLine root = Cli.commandLine(new CliRunner(home).environment());
        List<CommandSpec> commands = visible(root.getCommandSpec());
        assertThat(commands).hasSizeGreaterThan(15);
        for (CommandSpec command : commands) {
            Path page = MAN.resolve(command.qualifiedName("-") + ".1");
            assertThat(page).as("man page of %s", command.qualifiedName()).exists();
            String text = troffText(page);
            assertThat(text)
                    .as(page.toString())
                    .contains(".TH \"" + command.qualifiedName("-").toUpperCase());
            for (OptionSpec option : command.options()) {
                if (!option.hidden()) {
                    // Picocli writes a negatable option as --[no-]think.
                    String name = option.negatable()
                            ? option.longestName().replaceFirst("^--", "--[no-]")
                            : option.longestName();
                    assertThat(text).as("%s names %s", page, name).contains(name);
                }
            }
        }
    }

    @Test
    void hiddenCommandsHaveNoPage() {
        assertThat(MAN.resolve("jollama-__complete.1")).doesNotExist();
    }

    @Test
    void theRunPageDocumentsKeepAliveTheExitCodesAndTheEnvironment() throws IOException {
        String run = troffText(MAN.resolve("jollama-run.1"));
        assertThat(run).contains("keep\\-alive", "EXIT STATUS", "ENVIRONMENT", "OLLAMA_HOST", "NO_COLOR");
        for (ExitCode code : ExitCode.values()) {
            assertThat(run)
                    .contains("\\fB" + code.code() + "\\fP\n.RS 4\n"
                            + code.meaning()
                                    .substring(0, Math.min(10, code.meaning().length())));
        }
    }

    @Test
    void manRendersThePages() throws Exception {
        Path man = Path.of("/usr/bin/man");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(man), "man is not installed");
        Process p = new ProcessBuilder("man", "-l", MAN.resolve("jollama-run.1").toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.replaceAll(".\b", "")).contains("--keep-alive=DURATION", "How long the model stays loaded");
    }

    @Test
    void theHelpListsTheSameExitCodesAsExitCode() {
        CommandLine root = Cli.commandLine(new CliRunner(home).environment());
        List<String> help =
                List.copyOf(root.getCommandSpec().usageMessage().exitCodeList().keySet());
        assertThat(help)
                .containsExactlyElementsOf(Stream.of(ExitCode.values())
                        .map(c -> Integer.toString(c.code()))
                        .toList());
    }

    @Test
    void everyVariableTheSourcesReadIsDocumented() throws IOException {
        // env.get("X"), getenv("X"), base(env, "X", …), firstSet("X", "Y") and lists of variables.
        Pattern lookup = Pattern.compile("(?:get|getOrDefault|getenv|base\\(env,|firstSet\\(|VARIABLES = List.of\\()"
                + "\\s*\\(?\"([A-Z][A-Z0-9_]+)\"(?:,\\s*\"([A-Z][A-Z0-9_]+)\")?");
        Set<String> read = new TreeSet<>();
        for (Path sources : List.of(Path.of("src/main/java"), Path.of("../core/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = lookup.matcher(Files.readString(f));
                    while (m.find()) {
                        read.add(m.group(1));
                        if (m.group(2) != null) {
                            read.add(m.group(2));
                        }
                    }
                }
            }
        }
        // The settings read theirs through the table: each variable of each row is read.
        for (dev.jollama.core.settings.Setting s : dev.jollama.core.settings.Setting.values()) {
            read.addAll(s.envs());
        }
        assertThat(read).contains("OLLAMA_HOST", "JOLLAMA_CONFIG", "XDG_CONFIG_HOME", "EDITOR", "OLLAMA_API_KEY");
        String documented = String.join(", ", ManPages.ENVIRONMENT.keySet());
        for (String name : read) {
            assertThat(documented)
                    .as("the man pages' ENVIRONMENT names %s", name)
                    .contains(name);
        }
    }

    private static List<CommandSpec> visible(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        if (spec.usageMessage().hidden()) {
            return out;
        }
        out.add(spec);
        for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
            out.addAll(visible(sub.getCommandSpec()));
        }
        return out;
    }

    /** The page's troff with its escaped hyphens read as hyphens, so option names can be found. */
    private static String troffText(Path page) throws IOException {
        return Files.readString(page).replace("\\-", "-").replace("\\(hy", "-") + "\n" + Files.readString(page);
    }
}
