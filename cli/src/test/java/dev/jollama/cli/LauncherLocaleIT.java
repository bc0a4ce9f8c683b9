package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed launcher (cli/src/main/dist/jollama, as install.sh writes it) under an empty
 * environment with no locale, as cron, {@code env -i} and minimal containers run it: arguments, file
 * names and piped chat lines beyond ASCII reach the daemon exactly. Before, the JVM decoded them as
 * ASCII: U+FFFD was sent, and {@code -f} of such a path died with InvalidPathException. With
 * {@code -Djollama.launcher=BIN} the same is asked of BIN (the native image has no launcher script).
 */
class LauncherLocaleIT {

    private static final String WORDS = "héllo wörld ✓ 日本語";

    @TempDir
    Path home;

    private Path launcher;

    @BeforeEach
    void install() throws Exception {
        // The test's own JVM must be able to name the files it makes, and the machine must have a
        // UTF-8 locale for the launcher to pick (Debian's C.utf8 is in libc-bin).
        assumeTrue(
                "UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "the build's JVM runs without a UTF-8 locale: it cannot make the files this test needs");
        assumeTrue(
                run(List.of("sh", "-c", "locale -a | grep -qiE '\\.utf-?8$'"), null) == 0,
                "no UTF-8 locale is installed here for the launcher to choose");
        if (CliRunner.launcher().isPresent()) {
            // A native image, or an installed launcher: it must cope with the bare locale itself.
            launcher = Path.of(CliRunner.launcher().get());
            return;
        }
        // install.sh's layout: the launcher with JOLLAMA_LIB filled in, the jars in that folder. A
        // manifest class path stands for the build's jars (the launcher takes "$JOLLAMA_LIB/*").
        Path lib = Files.createDirectories(home.resolve("lib/jollama"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toString());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(lib.resolve("jollama-classpath.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // the manifest is all
        }
        launcher = Files.createDirectories(home.resolve("bin")).resolve("jollama");
        Files.writeString(
                launcher, Files.readString(Path.of("src/main/dist/jollama")).replace("@JOLLAMA_LIB@", lib.toString()));
        launcher.toFile().setExecutable(true);
    }

    /** {@code env -i} with only what the launcher needs, LANG empty: the C locale, ASCII. */
    private List<String> bare(String host, String... command) {
        List<String> line = new ArrayList<>(List.of(
                "env",
                "-i",
                "PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin",
                "HOME=" + home,
                "XDG_CONFIG_HOME=" + home.resolve("config"),
                "XDG_DATA_HOME=" + home.resolve("data"),
                "XDG_STATE_HOME=" + home.resolve("state"),
                "LANG=",
                "OLLAMA_HOST=" + host));
        line.addAll(List.of(command));
        return line;
    }

    @Test
    void anArgumentAndAFileNameBeyondAsciiReachTheDaemonExactlyWithoutALocale() throws Exception {
        Path dir = Files.createDirectories(home.resolve("café"));
        Files.writeString(dir.resolve("naïve.txt"), "crème brûlée ✓\n");
        try (FakeOllama fake = FakeOllama.start()) {
            int code =
                    run(bare(fake.url(), launcher.toString(), "run", "llama3.2", "-f", "café/naïve.txt", WORDS), null);

            assertThat(code).as("exit code; stderr: %s", err()).isZero();
            assertThat(fake.requests("/api/chat")
                            .get(0)
                            .json()
                            .path("messages")
                            .get(0)
                            .path("content")
                            .asText())
                    .isEqualTo("```café/naïve.txt\ncrème brûlée ✓\n```\n\n" + WORDS);
        }
    }

    @Test
    void aChatFedLinesBeyondAsciiWithoutALocaleSendsThemAndShowsTheAnswerInUtf8() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.ECHO)) {
            int code = run(bare(fake.url(), launcher.toString(), "chat", "llama3.2"), "ça va? " + WORDS + "\n");

            assertThat(code).as("exit code; stderr: %s", err()).isZero();
            assertThat(fake.requests("/api/chat")
                            .get(0)
                            .json()
                            .path("messages")
                            .get(0)
                            .path("content")
                            .asText())
                    .isEqualTo("ça va? " + WORDS);
            assertThat(out()).contains("echo: ça va? " + WORDS);
        }
    }

    @Test
    void withoutTheLauncherAMangledArgumentIsRefusedNotSent() throws Exception {
        CliRunner.assumeInProcess("this is the JVM's java run without the launcher, whatever the launcher is");
        try (FakeOllama fake = FakeOllama.start()) {
            int code = run(
                    bare(
                            fake.url(),
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.jollama.cli.Main",
                            "run",
                            "llama3.2",
                            WORDS),
                    null);

            assertThat(code).isEqualTo(2);
            assertThat(err())
                    .isEqualTo("jollama: an argument holds characters this locale (ANSI_X3.4-1968) cannot read, and"
                            + " they arrived as U+FFFD: nothing was sent; run jollama in a UTF-8 locale (LANG=C.UTF-8),"
                            + " as its launcher does\n");
            assertThat(fake.requests("/api/chat")).isEmpty();
        }
    }

    private Path outFile;
    private Path errFile;

    private int run(List<String> command, String stdin) throws IOException, InterruptedException {
        outFile = Files.createTempFile(home, "out", ".txt");
        errFile = Files.createTempFile(home, "err", ".txt");
        Path in = Files.createTempFile(home, "in", ".txt");
        Files.writeString(in, stdin == null ? "" : stdin);
        Process p = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectInput(in.toFile())
                .redirectOutput(outFile.toFile())
                .redirectError(errFile.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " was still running after 120 s");
        }
        return p.exitValue();
    }

    private String out() throws IOException {
        return Files.readString(outFile, StandardCharsets.UTF_8);
    }

    private String err() throws IOException {
        return Files.readString(errFile, StandardCharsets.UTF_8);
    }
}
