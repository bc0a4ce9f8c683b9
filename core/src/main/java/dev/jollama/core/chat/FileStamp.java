package dev.jollama.core.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a file looked like after jollama last wrote it: a later save compares, and a file that changed
 * in between was written by someone else (the same chat resumed in another terminal).
 */
public record FileStamp(long modifiedNanos, long size, Object fileKey) {

    /** The stamp of {@code file} now, or null when it does not exist. */
    public static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(
                    a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}
