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
            # bash allows compopt only during a real completion: this one says what it was asked.
            compopt() { local IFS=' '; COMPOPT+="$* "; }
            complete_line() {
              COMP_LINE=$1
              COMP_POINT=${#1}
              read -ra COMP_WORDS <<<"$1"
              [[ $1 == *' ' ]] && COMP_WORDS+=('')
              COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
              COMPREPLY=()
              COMPOPT=""
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
              local IFS=" "
              [[ " $* " == *" __complete "* ]] || return 1
              echo "$# $*" >>"$ASKED"
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
                        // "3 …": the kinds are two arguments, as the real jollama wants them, not one with a space
                        "3 __complete models profiles",
                        "3 __complete models profiles",
                        // the daemon the command would use
                        "5 --host localhost:1 __complete models profiles",
                        "2 __complete sessions",
                        "2 __complete sessions",
                        "2 __complete profiles");
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
    void bashCompletesPathsWhereverACommandTakesOne() throws Exception {
        Path dir = Files.createDirectories(home.resolve("work"));
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.writeString(dir.resolve("prompts.jsonl"), "{}");
        Files.writeString(dir.resolve("schema.json"), "{}");
        Files.createDirectories(dir.resolve("nested"));
        String out = bash(
                script("bash"),
                "cd '" + dir + "'\n" + BASH_COMPLETE_LINE
                        + """
                        show() { complete_line "$1"; echo "$COMPOPT"; }
                        show 'jollama run -f n'
                        show 'jollama run llama3.2 --file=no'
                        show 'jollama batch phi3 pr'
                        show 'jollama batch phi3 prompts.jsonl -o sc'
                        show 'jollama --config sc'
                        show 'jollama run --format @sc'
                        show 'jollama run --format @ne'
                        show 'jollama run --image n'
                        show 'jollama chat --mcp-config s'
                        show 'jollama run --workspace '
                        """);
        assertThat(out.lines())
                .containsExactly(
                        // a directory too: -f reads a directory's text files
                        "nested notes.txt",
                        "-o filenames ",
                        "notes.txt",
                        "-o filenames ",
                        "prompts.jsonl",
                        "-o filenames ",
                        "schema.json",
                        "-o filenames ",
                        "schema.json",
                        "-o filenames ",
                        // bash keeps the '@' in the word it replaces
                        "@schema.json",
                        "",
                        // one directory: no space after it, so that Tab goes on into it
                        "@nested/",
                        "-o nospace ",
                        "nested notes.txt",
                        "-o filenames ",
                        "schema.json",
                        "-o filenames ",
                        "nested",
                        "-o filenames ");
    }

    @Test
    void bashCompletesTheFileOfARedirectionAndSkipsItWhenCountingArguments() throws Exception {
        Path dir = Files.createDirectories(home.resolve("work"));
        Files.writeString(dir.resolve("question.txt"), "x");
        Path asked = home.resolve("asked");
        String out = bash(
                script("bash"),
                "cd '" + dir + "'\nASKED=" + asked + "\n" + STUB + BASH_COMPLETE_LINE
                        + """
                        complete_line 'jollama run phi3-mini x < qu'
                        complete_line 'jollama run phi3-mini x <qu'
                        complete_line 'jollama run phi3-mini x > qu'
                        complete_line 'jollama run phi3-mini x 2>qu'
                        complete_line 'jollama rm < question.txt ph'
                        complete_line 'jollama run phi3-mini < question.txt qu'
                        """);
        assertThat(out.lines())
                .containsExactly(
                        "question.txt",
                        "question.txt",
                        "question.txt",
                        "question.txt",
                        // the redirection is no argument: this is still the first, a model
                        "phi3-mini",
                        // a prompt: no file names
                        "");
    }

    @Test
    void bashOffersEveryOptionAndTheValuesOfOptionsThatHaveThem() throws Exception {
        String out = bash(
                script("bash"),
                BASH_COMPLETE_LINE
                        + """
                        complete_line 'jollama run --no-th'
                        complete_line 'jollama run llama3.2 --st'
                        complete_line 'jollama run --think='
                        complete_line 'jollama run --format '
                        complete_line 'jollama run -'
                        """);
        List<String> lines = out.lines().toList();
        assertThat(lines.subList(0, 4)).containsExactly("--no-think", "--stats", "low medium high max", "json");
        assertThat(List.of(lines.get(4).split(" ")))
                .contains("--no-think", "--think", "--format", "-f", "--file", "-e", "--editor", "--host", "--config")
                .doesNotHaveDuplicates();
    }

    @Test
    void bashAsksForTheModelsOfTheHostOnTheLine() throws Exception {
        Path asked = home.resolve("asked");
        bash(
                script("bash"),
                "ASKED=" + asked + "\n" + STUB + BASH_COMPLETE_LINE
                        + """
                        complete_line 'jollama run --host=gpu:11434 ll'
                        complete_line 'jollama --api openai --host http://gpu:8000/v1 chat ll'
                        complete_line 'jollama --config other.json run --think ll'
                        """);
        assertThat(Files.readAllLines(asked))
                .containsExactly(
                        "4 --host=gpu:11434 __complete models profiles",
                        "7 --api openai --host http://gpu:8000/v1 __complete models profiles",
                        // --think alone takes no value: `ll` is the model
                        "5 --config other.json __complete models profiles");
    }

    @Test
    void bashOffersNoFileNamesForAModelOrAPrompt() throws Exception {
        Path dir = Files.createDirectories(home.resolve("work"));
        Files.writeString(dir.resolve("llama-notes.txt"), "x");
        String out = bash(
                script("bash"),
                "cd '" + dir + "'\nASKED=/dev/null\n" + STUB + BASH_COMPLETE_LINE
                        + """
                        show() { complete_line "$1"; echo "$COMPOPT"; }
                        show 'jollama run llama-'
                        show 'jollama run phi3-mini lla'
                        """);
        // bash's fallback to file names (-o default) is turned off for these words
        assertThat(out.lines()).containsExactly("", "+o default ", "", "+o default ");
    }

    @Test
    void bashAsksTheRealJollamaForProfiles() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("jollama");
        String jollama = CliRunner.launcher()
                .map(binary -> "'" + binary + "'")
                .orElse("'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                        + System.getProperty("java.class.path") + "' dev.jollama.cli.Main");
        Files.writeString(launcher, "#!/bin/sh\nexec " + jollama + " \"$@\"\n");
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

    @Test
    void fishCompletesPathsWhereACommandTakesOne() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed: its script is not checked here");
        Path script = script("fish");
        Path dir = Files.createDirectories(home.resolve("work"));
        Files.writeString(dir.resolve("schema.json"), "{}");
        Files.createDirectories(dir.resolve("sub"));
        List<String> lines = new ArrayList<>();
        for (String line : List.of("jollama run -f s", "jollama run --format @sc", "jollama run --workspace s")) {
            String out = run(List.of(
                    "fish",
                    "--no-config",
                    "-c",
                    "cd '" + dir + "'; source " + script + "; complete -C '" + line + "'"));
            lines.add(out.lines().map(l -> l.split("\t")[0]).sorted().toList().toString());
        }
        assertThat(lines).containsExactly("[schema.json, sub/]", "[@schema.json]", "[sub/]");
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
