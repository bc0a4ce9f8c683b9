package dev.jollama.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where --help and the exit codes point for the docs ({@code jollama.docs}) in a native image: the JVM
 * build's launcher script passes the folder install.sh copied them to, but the native image is started
 * directly, so it looks beside itself, in install.sh's layout ({@code $PREFIX/bin/jollama},
 * {@code $PREFIX/share/doc/jollama}). A JVM run without the launcher keeps the repository's docs/.
 */
final class InstalledDocs {

    private InstalledDocs() {}

    static void useInstalled() {
        if (System.getProperty("jollama.docs") != null
                || !"runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            return;
        }
        beside(ProcessHandle.current().info().command().map(Path::of))
                .ifPresent(dir -> System.setProperty("jollama.docs", dir.toString()));
    }

    /** $PREFIX/share/doc/jollama for $PREFIX/bin/jollama, when that folder is there. */
    static Optional<Path> beside(Optional<Path> executable) {
        return executable
                .map(Path::toAbsolutePath)
                .map(Path::getParent)
                .filter(bin -> bin.getParent() != null)
                .map(bin -> bin.getParent().resolve("share/doc/jollama"))
                .filter(Files::isDirectory);
    }
}
