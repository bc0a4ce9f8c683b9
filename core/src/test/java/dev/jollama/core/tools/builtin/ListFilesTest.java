package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static dev.jollama.core.tools.builtin.Sandbox.ok;
import static dev.jollama.core.tools.builtin.Sandbox.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListFilesTest {

    @TempDir
    Path temp;

    Sandbox box;
    ListFiles tool;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
        tool = new ListFiles(box.workspace, 5);
    }

    @AfterEach
    void nothingOutsideWasTouched() {
        box.assertOutsideUntouched();
    }

    @Test
    void listsFilesInNameOrderDepthFirst() {
        box.write("b.txt", "");
        box.write("a/z.txt", "");
        box.write("a/b/c.txt", "");
        box.write("c/d.txt", "");
        assertThat(ok(tool, args()).content()).isEqualTo("a/b/c.txt\na/z.txt\nb.txt\nc/d.txt\n");
        assertThat(ok(tool, args("path", "a")).content()).isEqualTo("a/b/c.txt\na/z.txt\n");
        assertThat(ok(tool, args("path", "a/z.txt")).content()).isEqualTo("a/z.txt");
    }

    @Test
    void skipsHiddenFilesAndFolders() {
        box.write(".env", "KEY=1");
        box.write(".git/config", "");
        box.write("src/.hidden/x.txt", "");
        box.write("src/.secret", "");
        box.write("src/Main.java", "");
        assertThat(ok(tool, args()).content()).isEqualTo("src/Main.java\n");
    }

    @Test
    void skipsWhatGitignoreNamesWithNegationFolderPatternsAnchorsAndNestedFiles() {
        box.write(
                ".gitignore",
                String.join(
                        "\n",
                        "# build output",
                        "*.log",
                        "!keep.log",
                        "build/",
                        "/only-top.txt",
                        "docs/**/draft-*",
                        ""));
        box.write("app.log", "");
        box.write("keep.log", "");
        box.write("sub/deep.log", "");
        box.write("build/out.class", "");
        box.write("src/build", "a file named like the folder pattern is kept");
        box.write("only-top.txt", "");
        box.write("src/only-top.txt", "");
        box.write("docs/a/b/draft-1.md", "");
        box.write("docs/a/final.md", "");
        box.write("sub/.gitignore", "generated.txt\n!app.log\n");
        box.write("sub/generated.txt", "");
        box.write("sub/app.log", "");
        box.write("sub/kept.txt", "");
        ListFiles wide = new ListFiles(box.workspace);
        assertThat(ok(wide, args()).content())
                .isEqualTo(String.join(
                        "\n",
                        "docs/a/final.md",
                        "keep.log",
                        "src/build",
                        "src/only-top.txt",
                        "sub/app.log",
                        "sub/kept.txt",
                        ""));
    }

    @Test
    void aFolderNamedExplicitlyIsListedEvenIfIgnoredButNotWhatItIgnores() {
        box.write(".gitignore", "build/\n*.tmp\n");
        box.write("build/out.class", "");
        box.write("build/x.tmp", "");
        assertThat(ok(tool, args("path", "build")).content()).isEqualTo("build/out.class\n");
    }

    @Test
    void filtersByGlobFromTheRootOrByNameWhenItHasNoSlash() {
        box.write("src/main/A.java", "");
        box.write("src/main/B.kt", "");
        box.write("src/test/ATest.java", "");
        box.write("README.md", "");
        box.write("docs/guide.md", "");
        assertThat(ok(tool, args("glob", "src/**/*.java")).content())
                .isEqualTo("src/main/A.java\nsrc/test/ATest.java\n");
        assertThat(ok(tool, args("glob", "*.md")).content()).isEqualTo("README.md\ndocs/guide.md\n");
        assertThat(ok(tool, args("glob", "src/main/*.{java,kt}")).content())
                .isEqualTo("src/main/A.java\nsrc/main/B.kt\n");
        assertThat(ok(tool, args("glob", "nothing/**")).content()).isEqualTo("no files match nothing/**");
        assertThat(ok(tool, args("glob", "*.rs")).content())
                .isEqualTo("no files match *.rs in . (hidden and git-ignored files are not listed)");
        assertThat(refused(tool, args("glob", "src/{a")).content()).isEqualTo("glob src/{a has a '{' without its '}'");
    }

    @Test
    void theCountIsBoundedWithANote() {
        for (int i = 0; i < 20; i++) {
            box.write("f" + (char) ('a' + i) + ".txt", "");
        }
        assertThat(ok(tool, args()).content())
                .isEqualTo("fa.txt\nfb.txt\nfc.txt\nfd.txt\nfe.txt\n"
                        + "[more than 5 files: only the first 5 are shown; narrow the path or the glob]");
    }

    @Test
    void linksLeadingOutAreNeitherFollowedNorListedAndLoopsDoNotHang() {
        box.write("real.txt", "");
        box.link("alias.txt", box.root.resolve("real.txt"));
        box.link("secret", box.outside.resolve("secret.txt"));
        box.link("out", box.outside.resolve("dir"));
        box.link("self", box.root);
        box.link("loop", box.root.resolve("loop"));
        assertThat(ok(tool, args()).content()).isEqualTo("alias.txt\nreal.txt\n");
        assertThat(refused(tool, args("path", "out")).content()).contains("through a symbolic link: refused");
        assertThat(refused(tool, args("path", "../outside")).content()).contains("is outside the workspace");
        assertThat(refused(tool, args("glob", "../outside/*")).content()).contains("is outside the workspace");
    }
}
