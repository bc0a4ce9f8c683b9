package dev.jollama.core.store;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What {@code jollama logs off} and {@code logs on} leave: an empty file ({@code jollama.db-off})
 * while logging is off. A file, not a row, so that a {@code run} knows before it writes anything,
 * without loading SQLite to ask.
 */
public final class LogSwitch {

    private final Path marker;

    LogSwitch(Path marker) {
        this.marker = marker;
    }

    public boolean on() {
        return !Files.exists(marker, LinkOption.NOFOLLOW_LINKS);
    }

    public void set(boolean on) {
        try {
            if (on) {
                Files.deleteIfExists(marker);
            } else {
                PrivateFiles.createFile(marker);
            }
        } catch (IOException e) {
            throw new InvalidConfigException(
                    "cannot turn the log " + (on ? "on" : "off") + " (" + marker + "): " + e.getMessage());
        }
    }
}
