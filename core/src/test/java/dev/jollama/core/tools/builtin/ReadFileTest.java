package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static dev.jollama.core.tools.builtin.Sandbox.json;
import static dev.jollama.core.tools.builtin.Sandbox.ok;
import static dev.jollama.core.tools.builtin.Sandbox.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.tools.ToolPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileTest {

    @TempDir
    Path temp;

    Sandbox box;
    ReadFile tool;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
        tool = new ReadFile(box.workspace, 64);
    }

    @AfterEach
    void nothingOutsideWasTouched() {
        box.assertOutsideUntouched();
    }

    @Test
    void readsAWholeFileOrARangeOfLines() {
        box.write("notes.txt", "one\ntwo\nthree\nfour\n");
        assertThat(ok(tool, args("path", "notes.txt")).content()).isEqualTo("one\ntwo\nthree\nfour\n");
        assertThat(ok(tool, args("path", "notes.txt", "start_line", 2, "end_line", 3))
                        .content())
                .isEqualTo("two\nthree\n");
        assertThat(ok(tool, args("path", "notes.txt", "start_line", 4)).content())
                .isEqualTo("four\n");
        assertThat(ok(tool, args("path", "notes.txt", "end_line", 1)).content()).isEqualTo("one\n");
        assertThat(ok(tool, args("path", "notes.txt", "start_line", 3, "end_line", 99))
                        .content())
                .isEqualTo("three\nfour\n");
    }

    @Test
    void aRangeOutsideTheFileIsAnError() {
        box.write("notes.txt", "one\ntwo");
        assertThat(refused(tool, args("path", "notes.txt", "start_line", 3)).content())
                .isEqualTo("start_line 3 is past the end of notes.txt, which has 2 lines");
        assertThat(refused(tool, args("path", "notes.txt", "start_line", 3, "end_line", 2))
                        .content())
                .isEqualTo("end_line 2 is before start_line 3");
        assertThat(refused(tool, args("path", "notes.txt", "start_line", 0)).content())
                .isEqualTo("field 'start_line' must be at least 1, not 0");
    }

    @Test
    void aLongFileIsCutAtALineWithANoteSayingWhereToReadOn() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            text.append("line ").append(i).append('\n');
        }
        box.write("long.txt", text.toString());
        String content = ok(tool, args("path", "long.txt")).content();
        // 64 bytes hold lines 1-9 (7 bytes each) and part of the tenth, which is left for the next call.
        assertThat(content)
                .isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n"
                        + "[cut at 64 bytes: lines 1–9 shown; read on with start_line=10]");
        assertThat(ok(tool, args("path", "long.txt", "start_line", 10)).content())
                .startsWith("line 10\n");
    }

    @Test
    void aSingleHugeLineIsCutWithoutSplittingACharacter() {
        box.write("one-line.txt", "é".repeat(100));
        String content = ok(tool, args("path", "one-line.txt")).content();
        assertThat(content).isEqualTo("é".repeat(32) + "\n[cut at 64 bytes within line 1, which is longer than that]");
    }

    @Test
    void binaryFilesAreRefusedAndMalformedUtf8IsReplaced() throws Exception {
        Files.write(box.root.resolve("image.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        Files.write(box.root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThat(refused(tool, args("path", "image.bin")).content())
                .isEqualTo("image.bin is a binary file: not read");
        assertThat(ok(tool, args("path", "latin1.txt")).content()).isEqualTo("caf\uFFFD\n");
    }

    @Test
    void emptyFilesFoldersAndMissingFilesAreSaidSo() throws Exception {
        box.write("empty.txt", "");
        Files.createDirectory(box.root.resolve("src"));
        assertThat(ok(tool, args("path", "empty.txt")).content()).isEqualTo("[empty.txt is empty]");
        assertThat(refused(tool, args("path", "src")).content())
                .isEqualTo("src is a directory: list it with list_files");
        assertThat(refused(tool, args("path", "nope.txt")).content()).isEqualTo("no such file: nope.txt");
    }

    @Test
    void nothingOutsideIsReadHoweverItIsNamed() {
        box.link("secret", box.outside.resolve("secret.txt"));
        box.link("out", box.outside.resolve("dir"));
        box.link("loop", box.root.resolve("loop"));
        for (String path : new String[] {
            "../../etc/passwd",
            "../outside/secret.txt",
            box.outside.resolve("secret.txt").toString(),
            "secret",
            "out/inner.txt",
            "loop",
            "secret\0",
            "/etc/passwd"
        }) {
            assertThat(refused(tool, args("path", path)).content()).endsWith("refused");
        }
    }

    @Test
    void missingOrWrongTypedFieldsAreErrorsNamingTheField() {
        assertThat(refused(tool, args()).content()).isEqualTo("missing required field 'path' (a string)");
        assertThat(refused(tool, args("path", 42)).content())
                .isEqualTo("field 'path' must be a string, not a number (42)");
        assertThat(refused(tool, args("path", "a", "start_line", "2")).content())
                .isEqualTo("field 'start_line' must be a whole number, not a string");
        assertThat(refused(tool, args("path", "a", "end_line", 1.5)).content())
                .isEqualTo("field 'end_line' must be a whole number, not a number (1.5)");
        assertThat(refused(tool, json("[1, 2]")).content())
                .isEqualTo("the arguments must be a JSON object, not an array");
        assertThat(refused(tool, null).content()).isEqualTo("the arguments must be a JSON object, not nothing");
    }

    @Test
    void tenMegabytesOfArgumentsAreRefusedBriefly() {
        String huge = "a/".repeat(5_000_000);
        String content = refused(tool, args("path", huge, "junk", huge)).content();
        assertThat(content.length()).isLessThan(1000);
        ToolPreview preview = tool.preview(args("path", huge, "junk", huge));
        assertThat(preview.summary().length()).isLessThan(600);
        assertThat(preview.detail().length()).isLessThan(10_000);
    }

    @Test
    void thePreviewNamesTheFileAndTheRange() {
        ToolPreview preview = tool.preview(args("path", "notes.txt", "start_line", 2, "end_line", 5));
        assertThat(preview.summary()).isEqualTo("read_file notes.txt lines 2–5");
        assertThat(preview.detail()).contains("\"path\" : \"notes.txt\"");
        assertThat(preview.alwaysKey()).isEqualTo("read_file");
        // A call that will be refused says so before the user is asked.
        assertThat(tool.preview(args("path", "../x")).summary())
                .isEqualTo("read_file (will fail: path ../x is outside the workspace " + box.root + ": refused)");
    }
}
