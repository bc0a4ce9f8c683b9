package dev.jollama.core.chat;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Image files for vision models, as the base64 strings Ollama expects. Each is checked before any
 * request is made — it exists, is a file, is no larger than the input limit, and is a PNG, JPEG or
 * WebP by its first bytes (what Ollama's image decoders read) — so a wrong path or a text file fails
 * at once instead of after a model has been loaded.
 */
public final class Images {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'}; // at offset 8, after RIFF and a length

    private Images() {}

    public static List<String> read(List<Path> files, long limit) {
        for (Path file : files) {
            check(file, limit); // all of them before reading any: one mistake, one message, no waste
        }
        List<String> encoded = new ArrayList<>();
        for (Path file : files) {
            try {
                encoded.add(Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        }
        return encoded;
    }

    private static void check(Path file, long limit) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(
                        Files.exists(file) ? "image " + file + " is not a file" : "image " + file + ": no such file");
            }
            long size = Files.size(file);
            if (size > limit) {
                throw new InvalidInputException("image " + file + " is " + ByteSize.human(size) + ", more than the "
                        + ByteSize.human(limit) + " input limit: scale it down or raise --max-input");
            }
            byte[] head = new byte[12];
            int n;
            try (var in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (!isImage(Arrays.copyOf(head, n))) {
                throw new InvalidInputException("image " + file + " is not a PNG, JPEG or WebP file (by its first"
                        + " bytes): Ollama's vision models read those");
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    public static boolean isImage(byte[] head) {
        return startsWith(head, PNG)
                || startsWith(head, JPEG)
                || startsWith(head, RIFF) && head.length >= 12 && Arrays.equals(head, 8, 12, WEBP, 0, 4);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static InvalidInputException unreadable(Path file, IOException e) {
        String why = e instanceof NoSuchFileException
                ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
        return new InvalidInputException("cannot read image " + file + ": " + why);
    }
}
