package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static dev.jollama.core.tools.builtin.Sandbox.ok;
import static dev.jollama.core.tools.builtin.Sandbox.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.tools.ToolPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFileTest {

    @TempDir
    Path temp;

    Sandbox box;
    WriteFile tool;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
        tool = new WriteFile(box.workspace);
    }

    @AfterEach
    void nothingOutsideWasTouched() throws Exception {
        box.assertOutsideUntouched();
        try (Stream<Path> all = Files.walk(box.root)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void createsAFileAndItsFolders() {
        assertThat(ok(tool, args("path", "src/new/Hello.java", "content", "class Hello {}\n"))
                        .content())
                .isEqualTo("created src/new/Hello.java (1 line, 15 bytes)");
        assertThat(box.read("src/new/Hello.java")).isEqualTo("class Hello {}\n");
    }

    @Test
    void replacesAFileKeepingItsMode() throws Exception {
        Path script = box.write("run.sh", "echo old\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(ok(tool, args("path", "run.sh", "content", "echo new\n")).content())
                .isEqualTo("replaced run.sh (1 line, 9 bytes)");
        assertThat(box.read("run.sh")).isEqualTo("echo new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
                .isEqualTo("rwxr-x---");
    }

    @Test
    void thePreviewIsTheUnifiedDiffAndTheSummaryCountsLines() {
        box.write("notes.txt", "alpha\nbeta\ngamma\n");
        ToolPreview preview = tool.preview(args("path", "notes.txt", "content", "alpha\nBETA\ngamma\ndelta\n"));
        assertThat(preview.summary()).isEqualTo("write_file notes.txt (+2 -1)");
        assertThat(preview.detail())
                .isEqualTo("--- a/notes.txt\n+++ b/notes.txt\n@@ -1,3 +1,4 @@\n alpha\n-beta\n+BETA\n gamma\n+delta\n");
        assertThat(preview.alwaysKey()).isEqualTo("write_file");
        // The preview does not act.
        assertThat(box.read("notes.txt")).isEqualTo("alpha\nbeta\ngamma\n");

        ToolPreview created = tool.preview(args("path", "new.txt", "content", "x\n"));
        assertThat(created.summary()).isEqualTo("write_file new.txt (new file, +1)");
        assertThat(created.detail()).isEqualTo("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+x\n");
        assertThat(Files.exists(box.root.resolve("new.txt"))).isFalse();

        assertThat(tool.preview(args("path", "notes.txt", "content", "alpha\nbeta\ngamma\n"))
                        .summary())
                .isEqualTo("write_file notes.txt (no change)");
    }

    @Test
    void replacingABinaryFileIsPreviewedWithoutADiff() throws Exception {
        Files.write(box.root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        ToolPreview preview = tool.preview(args("path", "logo.png", "content", "text\n"));
        assertThat(preview.summary()).isEqualTo("write_file logo.png (replaces 6 bytes, +1)");
        assertThat(preview.detail())
                .isEqualTo("The current logo.png cannot be shown as a diff (logo.png is a binary file).\n"
                        + "It will be replaced by 1 line of text (5 bytes).\n");
    }

    @Test
    void nothingIsWrittenOutsideHoweverThePathLeadsThere() throws Exception {
        box.link("secret", box.outside.resolve("secret.txt"));
        box.link("out", box.outside.resolve("dir"));
        box.link("dangling", box.outside.resolve("new.txt"));
        box.link("loop", box.root.resolve("loop"));
        for (String path : new String[] {
            "../outside/secret.txt",
            "../outside/new.txt",
            "../../etc/passwd",
            box.outside.resolve("new.txt").toString(),
            "secret",
            "out/inner.txt",
            "out/new.txt",
            "dangling",
            "loop/x",
            "ok\0.txt"
        }) {
            ToolPreview preview = tool.preview(args("path", path, "content", "pwned"));
            assertThat(preview.summary()).startsWith("write_file (will fail: ").endsWith("refused)");
            assertThat(refused(tool, args("path", path, "content", "pwned")).content())
                    .endsWith("refused");
        }
        assertThat(box.outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aFolderIsNotReplaced() throws Exception {
        Files.createDirectories(box.root.resolve("src"));
        assertThat(refused(tool, args("path", "src", "content", "x")).content())
                .isEqualTo("src is a directory: give the path of a file");
        assertThat(box.root.resolve("src")).isDirectory();
    }

    @Test
    void missingOrWrongTypedFieldsAreErrorsAndNothingIsWritten() throws Exception {
        assertThat(refused(tool, args("path", "a.txt")).content())
                .isEqualTo("missing required field 'content' (a string)");
        assertThat(refused(tool, args("content", "x")).content()).isEqualTo("missing required field 'path' (a string)");
        assertThat(refused(tool, args("path", "a.txt", "content", Sandbox.json("{\"x\":1}")))
                        .content())
                .isEqualTo("field 'content' must be a string, not an object");
        assertThat(refused(tool, args("path", true, "content", "x")).content())
                .isEqualTo("field 'path' must be a string, not true");
        try (Stream<Path> all = Files.list(box.root)) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void tenMegabytesOfContentAreWrittenAndPreviewedWithinBounds() {
        String huge = "line of text\n".repeat(800_000);
        ToolPreview preview = tool.preview(args("path", "big.txt", "content", huge));
        assertThat(preview.summary()).isEqualTo("write_file big.txt (new file, +800000)");
        assertThat(preview.detail().length()).isLessThan(WriteFile.MAX_DIFF + 1000);
        assertThat(preview.detail()).endsWith(" more lines)\n");
        ok(tool, args("path", "big.txt", "content", huge));
        assertThat(box.read("big.txt")).isEqualTo(huge);
    }
}
