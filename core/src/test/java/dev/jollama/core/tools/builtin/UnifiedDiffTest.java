package dev.jollama.core.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> i + "\n").collect(Collectors.joining());
    }

    @Test
    void aChangeInTheMiddleHasThreeLinesOfContext() {
        String before = numbered(1, 10);
        String after = before.replace("\n5\n", "\nfive\n");
        UnifiedDiff.Diff diff = UnifiedDiff.of("n.txt", before, after, 10_000);
        assertThat(diff.text())
                .isEqualTo("--- a/n.txt\n+++ b/n.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
        assertThat(diff.added()).isEqualTo(1);
        assertThat(diff.removed()).isEqualTo(1);
    }

    @Test
    void changesCloseTogetherShareAHunkAndFarApartDoNot() {
        String before = numbered(1, 30);
        String close = before.replace("\n5\n", "\n").replace("\n11\n", "\n11\neleven-b\n");
        assertThat(UnifiedDiff.of("n", before, close, 10_000).text())
                .isEqualTo("--- a/n\n+++ b/n\n@@ -2,13 +2,13 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n 9\n 10\n 11\n+eleven-b\n"
                        + " 12\n 13\n 14\n");
        String far = before.replace("\n2\n", "\n").replace("\n20\n", "\n20\n20b\n");
        assertThat(UnifiedDiff.of("n", before, far, 10_000).text())
                .isEqualTo("--- a/n\n+++ b/n\n@@ -1,5 +1,4 @@\n 1\n-2\n 3\n 4\n 5\n@@ -18,6 +17,7 @@\n 18\n 19\n 20\n"
                        + "+20b\n 21\n 22\n 23\n");
    }

    @Test
    void aNewFileIsAllAddedFromDevNull() {
        UnifiedDiff.Diff diff = UnifiedDiff.of("new.txt", null, "a\nb\n", 10_000);
        assertThat(diff.text()).isEqualTo("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n");
        assertThat(UnifiedDiff.of("e.txt", "", "one\n", 10_000).text())
                .isEqualTo("--- a/e.txt\n+++ b/e.txt\n@@ -0,0 +1 @@\n+one\n");
        assertThat(UnifiedDiff.of("e.txt", "gone\n", "", 10_000).text())
                .isEqualTo("--- a/e.txt\n+++ b/e.txt\n@@ -1 +0,0 @@\n-gone\n");
    }

    @Test
    void aMissingFinalNewlineIsMarkedAsDiffMarksIt() {
        assertThat(UnifiedDiff.of("f", "a\nb", "a\nb\n", 10_000).text())
                .isEqualTo("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
    }

    @Test
    void noChangeIsAnEmptyDiff() {
        assertThat(UnifiedDiff.of("f", "same\n", "same\n", 10_000).unchanged()).isTrue();
        assertThat(UnifiedDiff.of("f", "same\n", "same\n", 10_000).text()).isEmpty();
    }

    @Test
    void hugeDifferentTextsAreDiffedPromptlyAndTheShownDiffIsCut() {
        String before =
                IntStream.range(0, 200_000).mapToObj(i -> "old " + i + "\n").collect(Collectors.joining());
        String after =
                IntStream.range(0, 200_000).mapToObj(i -> "new " + i + "\n").collect(Collectors.joining());
        long started = System.nanoTime();
        UnifiedDiff.Diff diff = UnifiedDiff.of("big", before, after, 1000);
        assertThat(diff.added()).isEqualTo(200_000);
        assertThat(diff.removed()).isEqualTo(200_000);
        assertThat(diff.text().length()).isLessThan(1200);
        assertThat(diff.text()).endsWith(" more lines)\n");
        // Generous: the budget is about a second on a slow machine, where a plain Myers would take hours.
        assertThat(System.nanoTime() - started).isLessThan(30_000_000_000L);
    }
}
