package dev.jollama.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jollama.cli.CliRunner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts of `jollama completion bash|zsh|fish`, loaded and asked by the real shells. */
class CompletionScriptsIT {

    /** Completes a line as bash would at Tab, with the function `complete -p jollama` names. */
    private static final String BASH_COMPLETE_LINE =
            """
            compopt() { :; }  # bash allows it only during a real completion
            complete_line() {
              COMP_LINE=$1
              COMP_POINT=${#1}
              read -ra COMP_WORDS <<<"$1"
              [[ $1 == *' ' ]] && COMP_WORDS+=('')
              COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
              COMPREPLY=()
              local fn
              fn=$(complete -p jollama | sed -E 's/.* -F ([^ ]+) .*/\\1/')
              "$fn" jollama "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
              echo "${COMPREPLY[*]}"
            }
            """;

    /** Stands in for jollama at the values' Tab: says what it was asked, answers with fixed names. */
    private static final String STUB =
            """
            jollama() {
              [ "$1" = __complete ] || return 1
              shift
              local IFS=" "; echo "$# $*" >>"$ASKED"
              printf '%s\\n' llama3.2:latest llama3.2:1b phi3-mini
            }
            """;

    @TempDir
    Path home;

    private Path script(String shell) throws IOException {
        var r = new CliRunner(home).run("completion", shell);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Path file = home.resolve("jollama." + shell);
        Files.writeString(file, r.out());
        return file;
    }

    @Test
    void bashLoadsTheScriptAndRegistersACompletionForJollama() throws Exception {
        String out = bash(script("bash"), "complete -p jollama");
        assertThat(out).isEqualTo("complete -o default -F _jollama_complete jollama\n");
    }

    @Test
    void bashCompletesCommandsOptionsAndFixedChoices() throws Exception {
        Path script = script("bash");
        String out = bash(
                script,
                BASH_COMPLETE_LINE
                        + """
                        complete_line 'jollama ru'
                        complete_line 'jollama run --kee'
                        complete_line 'jollama fit --kv-cache '
                        complete_line 'jollama completion '
                        complete_line 'jollama sessions '
                        complete_line 'jollama --host localhost:1 st'
                        """);
        assertThat(out.lines())
                .containsExactly("run", "--keep-alive", "f16 q8_0 q4_0", "bash zsh fish", "show rm", "status stop");
    }

    @Test
    void bashAsksForModelsProfilesAndChatsOnlyWhereTheyGo() throws Exception {
        Path script = script("bash");
        Path asked = home.resolve("asked");
        String out = bash(
                script,
                "ASKED=" + asked + "\n" + STUB + BASH_COMPLETE_LINE
                        + """
                        complete_line 'jollama run ll'
                        complete_line 'jollama rm phi3-mini ll'
                        complete_line 'jollama --host localhost:1 stop p'
                        complete_line 'jollama chat --resume '
                        complete_line 'jollama sessions rm ph'
                        complete_line 'jollama profiles show ph'
                        complete_line 'jollama run phi3-mini wh'
                        """);
        assertThat(out.lines())
                .containsExactly(
                        "llama3.2:latest llama3.2:1b",
                        "llama3.2:latest llama3.2:1b",
                        "phi3-mini",
                        "llama3.2:latest llama3.2:1b phi3-mini",
                        "phi3-mini",
                        "phi3-mini",
                        "");
        // The prompt of `run` is no model: jollama was not asked for it.
        assertThat(Files.readAllLines(asked))
                .containsExactly(
                        // "2 …": two arguments, as the real jollama wants them, not one with a space
                        "2 models profiles",
                        "2 models profiles",
                        "2 models profiles",
                        "1 sessions",
                        "1 sessions",
                        "1 profiles");
    }

    @Test
    void bashCompletesAModelTagAfterItsColonAsBashReplacesIt() throws Exception {
        // bash replaces only the part after ':' (COMP_WORDBREAKS), so the answers start there.
        String out = bash(
                script("bash"),
                "ASKED=/dev/null\n" + STUB + BASH_COMPLETE_LINE + "complete_line 'jollama run llama3.2:'\n");
        assertThat(out).isEqualTo("latest 1b\n");
    }

    @Test
    void bashAsksTheRealJollamaForProfiles() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("jollama");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                        + System.getProperty("java.class.path") + "' dev.jollama.cli.Main \"$@\"\n");
        launcher.toFile().setExecutable(true);
        String out = bash(
                script("bash"),
                "export PATH='" + bin + "':$PATH HOME='" + home + "' XDG_CONFIG_HOME='" + home.resolve("config") + "'\n"
                        + BASH_COMPLETE_LINE + "complete_line 'jollama profiles show ph'\n");
        assertThat(out).isEqualTo("phi3-mini\n");
    }

    @Test
    void zshParsesTheScript() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed: its script is not checked here");
        run(List.of("zsh", "-n", script("zsh").toString()));
    }

    @Test
    void fishParsesTheScript() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed: its script is not checked here");
        run(List.of("fish", "-n", script("fish").toString()));
    }

    @Test
    void fishCompletesCommandsChoicesAndAskedValues() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed: its script is not checked here");
        Path script = script("fish");
        String stub = "function jollama; if test \"$argv[1]\" = __complete; printf '%s\\n' llama3.2:latest; end; end";
        List<String> lines = new ArrayList<>();
        for (String line :
                List.of("jollama ru", "jollama fit --kv-cache q8", "jollama chat ", "jollama run llama3.2 ")) {
            String out = run(List.of(
                    "fish", "--no-config", "-c", "source " + script + "; " + stub + "; complete -C '" + line + "'"));
            lines.add(out.lines().map(l -> l.split("\t")[0]).toList().toString());
        }
        assertThat(lines).containsExactly("[run]", "[q8_0]", "[llama3.2:latest]", "[]");
    }

    private String bash(Path script, String commands) throws Exception {
        Path file = home.resolve("test.bash");
        Files.writeString(file, "source '" + script + "' 2>/dev/null\n" + commands);
        return run(List.of("bash", "--norc", "--noprofile", file.toString()));
    }

    private String run(List<String> command) throws Exception {
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(err.toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " was still running after 60 s");
        }
        assertThat(p.exitValue())
                .as("%s exit code; stderr: %s", command, Files.readString(err))
                .isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
