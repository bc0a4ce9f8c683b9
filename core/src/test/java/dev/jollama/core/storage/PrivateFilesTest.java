package dev.jollama.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void posixOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault()
                        .supportedFileAttributeViews()
                        .contains("posix"),
                "file modes are POSIX: Windows keeps its own ACLs");
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void anAtomicWriteMakesAPrivateFileInPrivateNewFolders() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = tmp.resolve("a/b/config.json");
        AtomicFiles.write(file, "{}");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(tmp)).as("a folder that existed is the user's").isEqualTo("rwxr-xr-x");
    }

    @Test
    void replacingAFileLeavesItPrivateWhateverItWasBefore() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFiles.write(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(mode(file)).isEqualTo("rw-------");
        try (var left = Files.list(tmp)) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void createFileMakesAPrivateEmptyFileOrNarrowsAnOldOneKeepingItsText() throws Exception {
        Path history = tmp.resolve("state/jollama/history");
        PrivateFiles.createFile(history);
        assertThat(mode(history)).isEqualTo("rw-------");
        assertThat(mode(history.getParent())).isEqualTo("rwx------");
        assertThat(Files.size(history)).isZero();

        Files.writeString(history, "earlier line\n");
        Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.createFile(history);
        assertThat(mode(history)).isEqualTo("rw-------");
        assertThat(Files.readString(history)).isEqualTo("earlier line\n");
    }
}
