package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static dev.jollama.core.tools.builtin.Sandbox.ok;
import static dev.jollama.core.tools.builtin.Sandbox.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepTest {

    @TempDir
    Path temp;

    Sandbox box;
    Grep tool;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
        tool = new Grep(box.workspace, 3, Duration.ofSeconds(20));
    }

    @AfterEach
    void nothingOutsideWasTouched() {
        box.assertOutsideUntouched();
    }

    @Test
    void findsMatchingLinesAsPathLineText() {
        box.write("src/A.java", "class A {\n  void run() {}\r\n}\n");
        box.write("src/B.java", "class B extends A {}\n");
        box.write("notes.md", "A is the first letter\n");
        assertThat(ok(tool, args("pattern", "class \\w+")).content())
                .isEqualTo("src/A.java:1:class A {\nsrc/B.java:1:class B extends A {}\n");
        assertThat(ok(tool, args("pattern", "RUN", "ignore_case", true)).content())
                .isEqualTo("src/A.java:2:  void run() {}\n");
        assertThat(ok(tool, args("pattern", "A", "glob", "*.md")).content())
                .isEqualTo("notes.md:1:A is the first letter\n");
        assertThat(ok(tool, args("pattern", "A", "path", "src/B.java")).content())
                .isEqualTo("src/B.java:1:class B extends A {}\n");
        assertThat(ok(tool, args("pattern", "zebra")).content()).isEqualTo("no matches for zebra in .");
    }

    @Test
    void matchesAndLinesAreBounded() {
        box.write("many.txt", "hit\n".repeat(10));
        box.write("wide.txt", "x".repeat(1000) + "\n");
        assertThat(ok(tool, args("pattern", "hit")).content())
                .isEqualTo("many.txt:1:hit\nmany.txt:2:hit\nmany.txt:3:hit\n"
                        + "[stopped at 3 matches: narrow the pattern, the path or the glob]");
        String wide = ok(tool, args("pattern", "x+", "path", "wide.txt")).content();
        assertThat(wide).isEqualTo("wide.txt:1:" + "x".repeat(300) + "… (1000 characters in all)\n");
    }

    @Test
    void skipsBinaryHiddenAndIgnoredFiles() throws Exception {
        Files.write(box.root.resolve("blob.bin"), new byte[] {'n', 'e', 'e', 'd', 'l', 'e', 0, 1});
        box.write(".hidden.txt", "needle\n");
        box.write(".gitignore", "ignored/\n");
        box.write("ignored/x.txt", "needle\n");
        box.write("seen.txt", "needle\n");
        assertThat(ok(tool, args("pattern", "needle")).content()).isEqualTo("seen.txt:1:needle\n");
    }

    @Test
    void anInvalidRegexIsAnErrorResult() {
        assertThat(refused(tool, args("pattern", "(unclosed")).content())
                .startsWith("invalid regular expression (unclosed: Unclosed group");
        assertThat(refused(tool, args("pattern", "")).content())
                .isEqualTo("field 'pattern' is empty: give a regular expression");
        assertThat(refused(tool, args("pattern", "x".repeat(10_000_001))).content())
                .isEqualTo("the pattern is 10000001 characters long: at most 10000");
        assertThat(refused(tool, args("pattern", 7)).content())
                .isEqualTo("field 'pattern' must be a string, not a number (7)");
        assertThat(refused(tool, args("pattern", "a", "ignore_case", "yes")).content())
                .isEqualTo("field 'ignore_case' must be true or false, not a string");
    }

    @Test
    void aPatternThatBacktracksForeverIsStoppedByTheTimeLimit() {
        box.write("evil.txt", "a".repeat(200) + "!\n");
        Grep quick = new Grep(box.workspace, 3, Duration.ofMillis(300));
        ToolResult result = ok(quick, args("pattern", "(.*a){30}"));
        assertThat(result.content()).contains("[stopped after 300ms: the pattern is too slow");
    }

    @Test
    void aCancelFromAnotherThreadStopsABacktrackingSearch() throws Exception {
        box.write("evil.txt", "a".repeat(200) + "!\n");
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ToolResult> search = CompletableFuture.supplyAsync(
                () -> new Grep(box.workspace).call(args("pattern", "(.*a){30}"), cancellation));
        Thread.sleep(200);
        cancellation.cancel();
        assertThat(search.get(10, TimeUnit.SECONDS).content()).isEqualTo("cancelled");
    }

    @Test
    void nothingOutsideIsSearched() {
        box.link("secret", box.outside.resolve("secret.txt"));
        box.link("out", box.outside.resolve("dir"));
        assertThat(ok(tool, args("pattern", "SECRET")).content()).isEqualTo("no matches for SECRET in .");
        assertThat(refused(tool, args("pattern", "SECRET", "path", "../outside"))
                        .content())
                .endsWith("refused");
        assertThat(refused(tool, args("pattern", "SECRET", "path", "secret")).content())
                .endsWith("refused");
        assertThat(refused(tool, args("pattern", "SECRET", "path", "out")).content())
                .endsWith("refused");
        assertThat(refused(tool, args("pattern", "SECRET", "path", box.outside.toString()))
                        .content())
                .endsWith("refused");
    }
}
