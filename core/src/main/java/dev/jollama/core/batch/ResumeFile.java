package dev.jollama.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What an earlier run left in the output file: the ids already answered, which a new run skips. Error
 * lines are dropped from the file (atomically) so that the retried items' new lines do not stand beside
 * old failures; a last line without its newline (a killed writer) is dropped too. A line that is not a
 * result at all means the file is something else: it is reported, never overwritten.
 */
public final class ResumeFile {

    private ResumeFile() {}

    /** The keys ({@link BatchItem#key()}) of the ids answered in {@code file}; empty when there is none. */
    public static Set<String> answered(Path file) throws IOException {
        Set<String> answered = new HashSet<>();
        if (!Files.exists(file)) {
            return answered;
        }
        boolean torn = !endsWithNewline(file);
        boolean rewrite = torn;
        long number = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            while (line != null) {
                String next = in.readLine();
                number++;
                boolean last = next == null;
                if (!(last && torn)) {
                    JsonNode result = result(file, line, number);
                    if (result == null || result.has("error")) {
                        rewrite = true; // a failure to retry
                    } else {
                        answered.add(result.path("id").toString());
                    }
                }
                line = next;
            }
        }
        if (rewrite) {
            keepOnlyAnswers(file, torn);
        }
        return answered;
    }

    /** A result line, null for a blank one; anything else means the file is not batch output. */
    private static JsonNode result(Path file, String line, long number) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.wire().readTree(line);
        } catch (IOException e) {
            node = null;
        }
        if (node != null && node.isObject() && node.has("id") && (node.has("response") || node.has("error"))) {
            return node;
        }
        throw new InvalidInputException("-o " + file + ": line " + number + " is not a batch result; not writing"
                + " to a file that holds something else (choose another -o)");
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private static void keepOnlyAnswers(Path given, boolean dropLast) throws IOException {
        // A link stays a link: the file it points to is the one rewritten, keeping its permissions.
        Path file = given.toRealPath();
        Path kept = Files.createTempFile(file.getParent(), ".batch", ".tmp");
        try {
            Files.setPosixFilePermissions(kept, Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException notPosix) {
            // permissions stay the temporary file's
        }
        try {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    BufferedWriter out = Files.newBufferedWriter(kept, StandardCharsets.UTF_8)) {
                String next = in.readLine();
                while (next != null) {
                    String line = next;
                    next = in.readLine();
                    if (next == null && dropLast) {
                        break;
                    }
                    JsonNode node;
                    try {
                        node = Json.wire().readTree(line);
                    } catch (IOException torn) {
                        continue;
                    }
                    if (node != null && node.isObject() && node.has("response")) {
                        out.write(line);
                        out.write('\n');
                    }
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(kept, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(
                    kept,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(kept);
        }
    }
}
