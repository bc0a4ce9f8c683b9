package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static dev.jollama.core.tools.builtin.Sandbox.ok;
import static dev.jollama.core.tools.builtin.Sandbox.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.tools.ToolPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileTest {

    static final String SOURCE = "class A {\n    int x = 1;\n    int y = 1;\n}\n";

    @TempDir
    Path temp;

    Sandbox box;
    EditFile tool;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
        tool = new EditFile(box.workspace);
        box.write("A.java", SOURCE);
    }

    @AfterEach
    void nothingOutsideWasTouched() throws Exception {
        box.assertOutsideUntouched();
        try (Stream<Path> all = Files.walk(box.root)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void replacesTheOneOccurrence() {
        assertThat(ok(tool, args("path", "A.java", "old_string", "int x = 1;", "new_string", "long x = 2;"))
                        .content())
                .isEqualTo("edited A.java: 1 replacement, +1 -1 lines");
        assertThat(box.read("A.java")).isEqualTo("class A {\n    long x = 2;\n    int y = 1;\n}\n");
    }

    @Test
    void thePreviewIsTheDiffOfTheEdit() {
        ToolPreview preview = tool.preview(args("path", "A.java", "old_string", "    int y = 1;\n", "new_string", ""));
        assertThat(preview.summary()).isEqualTo("edit_file A.java (+0 -1)");
        assertThat(preview.detail())
                .isEqualTo(
                        "--- a/A.java\n+++ b/A.java\n@@ -1,4 +1,3 @@\n class A {\n     int x = 1;\n-    int y = 1;\n }\n");
        assertThat(preview.alwaysKey()).isEqualTo("edit_file");
        assertThat(box.read("A.java")).isEqualTo(SOURCE);
    }

    @Test
    void anAbsentOldStringChangesNothingAndSaysSo() {
        String message = refused(tool, args("path", "A.java", "old_string", "int z", "new_string", "int w"))
                .content();
        assertThat(message)
                .isEqualTo("old_string was not found in A.java: nothing was changed. It must match exactly,"
                        + " whitespace and line ends included; read the file to see its current text");
        assertThat(tool.preview(args("path", "A.java", "old_string", "int z", "new_string", "int w"))
                        .summary())
                .startsWith("edit_file (will fail: old_string was not found in A.java");
        assertThat(box.read("A.java")).isEqualTo(SOURCE);
    }

    @Test
    void aDuplicateOldStringChangesNothingUnlessReplaceAllIsSet() {
        assertThat(refused(tool, args("path", "A.java", "old_string", "= 1;", "new_string", "= 2;"))
                        .content())
                .isEqualTo("old_string occurs 2 times in A.java: nothing was changed. Include more of the"
                        + " surrounding text to make it unique, or set replace_all to true");
        assertThat(box.read("A.java")).isEqualTo(SOURCE);
        assertThat(ok(tool, args("path", "A.java", "old_string", "= 1;", "new_string", "= 2;", "replace_all", true))
                        .content())
                .isEqualTo("edited A.java: 2 replacements, +2 -2 lines");
        assertThat(box.read("A.java")).isEqualTo("class A {\n    int x = 2;\n    int y = 2;\n}\n");
    }

    @Test
    void emptyOrSameStringsAndBadFieldsAreErrors() {
        assertThat(refused(tool, args("path", "A.java", "old_string", "", "new_string", "x"))
                        .content())
                .startsWith("field 'old_string' is empty");
        assertThat(refused(tool, args("path", "A.java", "old_string", "x", "new_string", "x"))
                        .content())
                .isEqualTo("old_string and new_string are the same: nothing to change");
        assertThat(refused(tool, args("path", "A.java", "old_string", "x")).content())
                .isEqualTo("missing required field 'new_string' (a string)");
        assertThat(refused(tool, args("path", "A.java", "old_string", "x", "new_string", "y", "replace_all", 1))
                        .content())
                .isEqualTo("field 'replace_all' must be true or false, not a number (1)");
        assertThat(refused(tool, args("path", "missing.java", "old_string", "x", "new_string", "y"))
                        .content())
                .isEqualTo("no such file: missing.java");
        assertThat(box.read("A.java")).isEqualTo(SOURCE);
    }

    @Test
    void binaryAndMalformedFilesAreNotEdited() throws Exception {
        Files.write(box.root.resolve("b.bin"), new byte[] {'a', 0, 'b'});
        Files.write(box.root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThat(refused(tool, args("path", "b.bin", "old_string", "a", "new_string", "c"))
                        .content())
                .isEqualTo("b.bin is a binary file");
        assertThat(refused(tool, args("path", "latin1.txt", "old_string", "c", "new_string", "k"))
                        .content())
                .isEqualTo("latin1.txt is not valid UTF-8, and writing it back would alter it");
    }

    @Test
    void nothingOutsideIsEditedThroughLinksOrDotDot() {
        box.link("secret", box.outside.resolve("secret.txt"));
        box.link("out", box.outside.resolve("dir"));
        for (String path : new String[] {"secret", "out/inner.txt", "../outside/secret.txt", "/etc/passwd"}) {
            assertThat(refused(tool, args("path", path, "old_string", "SECRET", "new_string", "x"))
                            .content())
                    .endsWith("refused");
        }
    }

    @Test
    void tenMegabytesOfOldStringAreRefusedBriefly() {
        String huge = "x".repeat(10_000_000);
        assertThat(refused(tool, args("path", "A.java", "old_string", huge, "new_string", "y"))
                        .content()
                        .length())
                .isLessThan(1000);
    }
}
