package dev.jollama.core.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

    @TempDir
    Path temp;

    Sandbox box;

    @BeforeEach
    void setUp() {
        box = new Sandbox(temp);
    }

    @Test
    void resolvesPathsInsideToTheirRealPath() throws Exception {
        box.write("src/A.java", "class A {}\n");
        Path ws = box.root;
        assertThat(box.workspace.resolve("src/A.java")).isEqualTo(ws.resolve("src/A.java"));
        assertThat(box.workspace.resolve("./src/../src/A.java")).isEqualTo(ws.resolve("src/A.java"));
        assertThat(box.workspace.resolve(ws.resolve("src/A.java").toString())).isEqualTo(ws.resolve("src/A.java"));
        assertThat(box.workspace.resolve("")).isEqualTo(ws);
        assertThat(box.workspace.resolve("new/dir/file.txt")).isEqualTo(ws.resolve("new/dir/file.txt"));
        assertThat(box.workspace.show(ws.resolve("src/A.java"))).isEqualTo("src/A.java");
        assertThat(box.workspace.show(ws)).isEqualTo(".");
        // A link that stays inside is that file.
        box.link("alias.java", ws.resolve("src/A.java"));
        assertThat(box.workspace.resolve("alias.java")).isEqualTo(ws.resolve("src/A.java"));
        assertThat(Files.exists(ws.resolve("new"))).isFalse();
    }

    @Test
    void refusesDotDotEscapesWithAMessageForTheModel() {
        assertThatThrownBy(() -> box.workspace.resolve("../../etc/passwd"))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("path ../../etc/passwd is outside the workspace " + box.root + ": refused");
        assertThatThrownBy(() -> box.workspace.resolve("src/../../outside/secret.txt"))
                .hasMessageContaining("is outside the workspace");
        assertThatThrownBy(() -> box.workspace.resolve("..")).hasMessageContaining("is outside the workspace");
    }

    @Test
    void refusesAbsolutePathsOutside() {
        assertThatThrownBy(() -> box.workspace.resolve("/etc/passwd"))
                .hasMessage("path /etc/passwd is outside the workspace " + box.root + ": refused");
        assertThatThrownBy(() ->
                        box.workspace.resolve(box.outside.resolve("secret.txt").toString()))
                .hasMessageContaining("is outside the workspace");
        // A sibling whose name starts like the workspace's is not inside it.
        assertThatThrownBy(() -> box.workspace.resolve(box.root + "-evil/x")).hasMessageContaining("outside");
    }

    @Test
    void refusesSymbolicLinksLeadingOutFileOrFolder() {
        box.link("secret", box.outside.resolve("secret.txt"));
        box.link("out", box.outside.resolve("dir"));
        box.link("deep/er/out", box.outside);
        assertThatThrownBy(() -> box.workspace.resolve("secret"))
                .hasMessage("path secret is outside the workspace " + box.root + " through a symbolic link: refused");
        assertThatThrownBy(() -> box.workspace.resolve("out/inner.txt"))
                .hasMessageContaining("through a symbolic link");
        assertThatThrownBy(() -> box.workspace.resolve("out/not-yet.txt")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> box.workspace.resolve("deep/er/out/dir/inner.txt"))
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> box.workspace.resolveForWrite("out/new.txt")).hasMessageContaining("symbolic link");
    }

    @Test
    void refusesLinkLoopsAndBrokenLinksWhoseTargetCannotBeKnown() {
        box.link("loop-a", box.root.resolve("loop-b"));
        box.link("loop-b", box.root.resolve("loop-a"));
        box.link("dangling", box.outside.resolve("created-later.txt"));
        assertThatThrownBy(() -> box.workspace.resolve("loop-a")).hasMessageContaining("broken or loops: refused");
        assertThatThrownBy(() -> box.workspace.resolve("loop-a/x")).hasMessageContaining("broken or loops");
        // Writing through a link to nowhere would create the file outside.
        assertThatThrownBy(() -> box.workspace.resolveForWrite("dangling")).hasMessageContaining("broken or loops");
        box.assertOutsideUntouched();
    }

    @Test
    void refusesNulBytesAndInvalidPaths() {
        assertThatThrownBy(() -> box.workspace.resolve("ok.txt\0/../../etc/passwd"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("contains a NUL byte: refused")
                .hasMessageNotContaining("\0");
    }

    @Test
    void aHugePathIsEchoedShort() {
        String huge = "../" + "x".repeat(10_000_000);
        assertThatThrownBy(() -> box.workspace.resolve(huge))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
    }

    @Test
    void writesNeedAFileTargetInside() {
        Path dir = box.root.resolve("d");
        box.write("d/x", "x");
        assertThatThrownBy(() -> box.workspace.resolveForWrite("d"))
                .hasMessage("d is a directory: give the path of a file");
        assertThatThrownBy(() -> box.workspace.resolveForWrite(".")).hasMessageContaining("is a directory");
        assertThat(box.workspace.resolveForWrite("d/y")).isEqualTo(dir.resolve("y"));
    }

    @Test
    void theWorkspaceMustBeAnExistingFolder() {
        assertThatThrownBy(() -> Workspace.of(temp.resolve("nope")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be used");
        assertThatThrownBy(() -> Workspace.of(box.write("f", "x"))).hasMessageContaining("is not a directory");
    }

    @Test
    void aWorkspaceReachedThroughALinkIsBoundedByItsRealPath() throws Exception {
        Path alias = Files.createSymbolicLink(temp.resolve("alias"), box.root);
        Workspace ws = Workspace.of(alias);
        assertThat(ws.root()).isEqualTo(box.root);
        assertThatThrownBy(
                        () -> ws.resolve(alias.resolve("../outside/secret.txt").toString()))
                .hasMessageContaining("outside");
    }
}
