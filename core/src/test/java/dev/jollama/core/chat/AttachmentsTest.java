package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `run -f` and `/file` send of a folder, a glob or a file, and what they leave out. */
class AttachmentsTest {

    private static final String KEY =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n" + "-----END OPENSSH PRIVATE KEY-----\n";

    @TempDir
    Path home;

    private Path repo;

    private Attachments.Read read(String... arguments) {
        return Attachments.read(List.of(arguments), home, 32L * 1024 * 1024);
    }

    private Path write(String path, String text) throws IOException {
        Path file = home.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private List<String> attached(Attachments.Read read) {
        return read.items().stream().map(Attachments.Item::path).toList();
    }

    @Test
    void aLinkToAKeyOutsideTheFolderIsNotFollowedAndIsNamedOnStderr() throws IOException {
        Path key = write(".ssh/id_rsa", KEY);
        repo = Files.createDirectories(home.resolve("repo"));
        write("repo/README.md", "# the project\n");
        Files.createSymbolicLink(repo.resolve("notes.txt"), key);

        Attachments.Read read = read("repo");

        assertThat(read.text()).contains("# the project").doesNotContain("PRIVATE KEY");
        assertThat(attached(read)).containsExactly("repo/README.md");
        assertThat(read.notes()).containsExactly("left out 1 link (it leads out of the folder): repo/notes.txt");
    }

    @Test
    void aLinkInsideTheFolderToAFileInsideIsThatFileOnce() throws IOException {
        repo = Files.createDirectories(home.resolve("repo"));
        Path real = write("repo/docs/guide.md", "guide\n");
        Files.createSymbolicLink(repo.resolve("GUIDE.md"), real);

        Attachments.Read read = read("repo");

        assertThat(attached(read)).containsExactly("repo/GUIDE.md");
        assertThat(read.text()).containsOnlyOnce("guide\n");
        assertThat(read.notes()).isEmpty();
    }

    @Test
    void keysAndCredentialFilesOfAFolderAreLeftOutWithANoteNamingThem() throws IOException {
        write("repo/src/app.py", "print('hi')\n");
        write("repo/keys/id_ed25519", KEY);
        write("repo/keys/id_ed25519.pub", "ssh-ed25519 AAAAC3Nz user@host\n");
        write("repo/tls/server.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        write("repo/tls/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        write("repo/config/credentials.json", "{\"token\": \"x\"}\n");
        write("repo/backup.txt", "my key:\n" + KEY); // a key is a key, whatever its name
        write("repo/.env", "API_KEY=secret\n"); // hidden: never listed at all
        write("repo/env.example", "API_KEY=\n");

        Attachments.Read read = read("repo");

        assertThat(attached(read))
                .containsExactlyInAnyOrder(
                        "repo/env.example", "repo/keys/id_ed25519.pub", "repo/src/app.py", "repo/tls/ca.pem");
        assertThat(read.text())
                .doesNotContain("PRIVATE KEY")
                .doesNotContain("secret")
                .doesNotContain("token");
        assertThat(read.notes())
                .containsExactly("left out 4 private key or credential files (private keys and credentials are never"
                        + " sent): repo/backup.txt, repo/config/credentials.json, repo/keys/id_ed25519,"
                        + " repo/tls/server.pem");
    }

    @Test
    void aKeyNamedAloneIsRefusedAndNothingIsSentEvenThroughAnInnocentLink() throws IOException {
        Path key = write(".ssh/id_rsa", KEY);
        Files.createSymbolicLink(home.resolve("notes.txt"), key);
        write(".env.local", "TOKEN=1\n");

        assertThatThrownBy(() -> read(".ssh/id_rsa"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(".ssh/id_rsa looks like a private key: jollama does not send keys or credentials from"
                        + " files, and nothing was sent; if you mean to send it, pipe it in: `jollama run MODEL <"
                        + " .ssh/id_rsa`");
        assertThatThrownBy(() -> read("notes.txt")).hasMessageStartingWith("notes.txt looks like a private key");
        assertThatThrownBy(() -> read(".env.local"))
                .hasMessageStartingWith(".env.local looks like an environment file (secrets)");
    }

    @Test
    void binaryFilesOfAFolderAreLeftOutWithANoteAndAFolderOfNothingElseIsRefused() throws IOException {
        write("repo/app.py", "x = 1\n");
        Files.write(home.resolve("repo/app.pyc"), new byte[] {0x42, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0});
        Files.write(home.resolve("repo/logo.gif"), new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0});
        Files.write(home.resolve("repo/latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});

        Attachments.Read read = read("repo");

        assertThat(attached(read)).containsExactly("repo/app.py");
        assertThat(read.notes())
                .containsExactly("left out 3 binary files (not text, nor a PNG, JPEG or WebP image): repo/app.pyc,"
                        + " repo/latin1.txt, repo/logo.gif");

        Files.delete(home.resolve("repo/app.py"));
        assertThatThrownBy(() -> read("repo"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("nothing to attach: left out 3 binary files");
        // Named alone, a binary file is refused as before.
        assertThatThrownBy(() -> read("repo/app.pyc"))
                .hasMessage("repo/app.pyc is not a text file (binary, or not UTF-8) nor a PNG, JPEG or WebP image:"
                        + " nothing was sent");
    }

    @Test
    void gitignoreIsReadAsGitReadsIt() throws IOException {
        Files.createDirectories(home.resolve("repo/.git/info"));
        write("repo/.git/info/exclude", "local-notes.md\n");
        write("repo/.gitignore", "*.log\n!keep.log\n/build\nout/\ndocs/**/draft-*\n");
        write("repo/local-notes.md", "mine\n");
        write("repo/a.log", "ignored\n");
        write("repo/keep.log", "kept\n");
        write("repo/build", "a file named build at the top: anchored, ignored\n");
        write("repo/src/build/Main.java", "anchored /build is the top's only\n");
        write("repo/src/out", "a file: out/ names folders only\n");
        write("repo/lib/out/gen.txt", "in a folder out: ignored\n");
        write("repo/docs/a/b/draft-1.md", "draft\n");
        write("repo/docs/a/final.md", "final\n");
        write("repo/sub/.gitignore", "*.tmp\n!wanted.tmp\n");
        write("repo/sub/x.tmp", "ignored below sub\n");
        write("repo/sub/wanted.tmp", "re-included\n");
        write("repo/y.tmp", "sub's rules stop at sub\n");

        assertThat(attached(read("repo")))
                .containsExactlyInAnyOrder(
                        "repo/docs/a/final.md",
                        "repo/keep.log",
                        "repo/src/build/Main.java",
                        "repo/src/out",
                        "repo/sub/wanted.tmp",
                        "repo/y.tmp");
        // A folder below the top of the work tree is read with the rules of the folders above it.
        assertThat(attached(read("repo/sub"))).containsExactly("repo/sub/wanted.tmp");
        assertThat(attached(read("repo/*.log"))).containsExactly("repo/keep.log");
    }

    @Test
    void aPathThisSystemCannotNameIsAUsageErrorNotACrash() {
        assertThatThrownBy(() -> read("nul\0byte.txt"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a path this system can open");
    }
}
