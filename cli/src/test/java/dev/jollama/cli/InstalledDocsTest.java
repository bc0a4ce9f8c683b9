package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledDocsTest {

    @TempDir
    Path prefix;

    @Test
    void anExecutableInPrefixBinFindsTheDocsInPrefixShareDoc() throws Exception {
        Path docs = Files.createDirectories(prefix.resolve("share/doc/jollama"));
        assertThat(InstalledDocs.beside(Optional.of(prefix.resolve("bin/jollama"))))
                .contains(docs);
    }

    @Test
    void withoutThatFolderTheRepositorysDocsStay() {
        assertThat(InstalledDocs.beside(Optional.of(prefix.resolve("bin/jollama"))))
                .isEmpty();
        assertThat(InstalledDocs.beside(Optional.of(Path.of("/jollama")))).isEmpty();
        assertThat(InstalledDocs.beside(Optional.empty())).isEmpty();
    }
}
