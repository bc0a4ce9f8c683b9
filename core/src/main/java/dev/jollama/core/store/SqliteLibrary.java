package dev.jollama.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Points sqlite-jdbc at the copy of its native library that install.sh put beside jollama, when there
 * is one: without it the driver copies the library out of its jar into the temporary folder and
 * checks it on every start (tens of milliseconds, and hundreds in a native image, for every logged
 * {@code run}).
 */
final class SqliteLibrary {

    static final String NAME = "libsqlitejdbc.so";

    private SqliteLibrary() {}

    static void useInstalled() {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return; // said by the user, or done already
        }
        installed().ifPresent(dir -> {
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", NAME);
        });
    }

    /** The JVM install's lib/jollama/native (the launcher names it), or the native image's lib/jollama-native. */
    static Optional<Path> installed() {
        String named = System.getProperty("jollama.native");
        if (named != null && Files.isRegularFile(Path.of(named, NAME))) {
            return Optional.of(Path.of(named));
        }
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .map(Path::getParent)
                .map(bin -> bin.resolveSibling("lib").resolve("jollama-native"))
                .filter(dir -> Files.isRegularFile(dir.resolve(NAME)));
    }
}
