package dev.jollama.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an earlier run left in the output file: how many answers each id has, which a new run skips.
 * Error lines are to be dropped so that the retried items' new lines do not stand beside old failures;
 * a last line without its newline (a killed writer) is to be cut. A line that is not a result at all
 * means the file is something else: it is reported, never overwritten.
 *
 * <p>The file is read through the channel its lock is held on ({@link ResultsFile}): on POSIX systems
 * closing any other descriptor of a locked file would let go of the lock.
 */
public final class ResumeFile {

    /** The longest line read as a result: beyond, the file is not batch output. */
    static final int MAX_LINE = 256 << 20;

    private ResumeFile() {}

    /**
     * How many times each id is answered in the file: a resumed run skips that many of the items with
     * the id, and sends the rest. An id given to two items is two answers, so neither is skipped for
     * ever because of the other (which of the two was answered cannot be told, as they share the id).
     */
    public static final class Answered {
        private final Map<String, Integer> counts = new HashMap<>();

        /** Nothing answered: a fresh run. */
        public static Answered none() {
            return new Answered();
        }

        /** Each key answered once. */
        public static Answered of(Set<String> keys) {
            Answered a = new Answered();
            keys.forEach(a::add);
            return a;
        }

        void add(String key) {
            counts.merge(key, 1, Integer::sum);
        }

        /** Whether an item with this key ({@link BatchItem#key()}) is answered already; each answer skips one item. */
        public boolean take(String key) {
            Integer left = counts.get(key);
            if (left == null) {
                return false;
            }
            if (left == 1) {
                counts.remove(key);
            } else {
                counts.put(key, left - 1);
            }
            return true;
        }

        /** The answers per id not taken yet. */
        public Map<String, Integer> counts() {
            return Map.copyOf(counts);
        }
    }

    /**
     * What the file holds.
     *
     * @param dropLines error or blank lines to be dropped (by rewriting the file)
     * @param tornAt where a last line without its newline begins, or -1
     */
    record Scan(Answered answered, boolean dropLines, long tornAt) {}

    /** Reads the results in {@code channel} (the file {@code file}) from its start. */
    static Scan scan(FileChannel channel, Path file) throws IOException {
        Answered answered = new Answered();
        boolean drop = false;
        long torn = -1;
        Lines lines = new Lines(channel, file);
        long number = 0;
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            number++;
            if (!lines.ended()) {
                torn = lines.start();
                break;
            }
            JsonNode result = result(file, line, number);
            if (result == null || result.has("error")) {
                drop = true; // a blank line, or a failure to retry
            } else {
                answered.add(result.path("id").toString());
            }
        }
        return new Scan(answered, drop, torn);
    }

    /** Copies the answer lines of {@code from} before {@code end} (its complete lines) to {@code to}. */
    static void copyAnswers(FileChannel from, Path file, long end, FileChannel to) throws IOException {
        Lines lines = new Lines(from, file);
        for (byte[] line = lines.next(); line != null && lines.start() < end; line = lines.next()) {
            if (!lines.ended()) {
                break;
            }
            JsonNode node = parse(line);
            if (node != null && node.isObject() && node.has("response")) {
                ByteBuffer out = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n');
                out.flip();
                while (out.hasRemaining()) {
                    to.write(out);
                }
            }
        }
    }

    /** A result line, null for a blank one; anything else means the file is not batch output. */
    private static JsonNode result(Path file, byte[] line, long number) {
        if (new String(line, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonNode node = parse(line);
        if (node != null && node.isObject() && node.has("id") && (node.has("response") || node.has("error"))) {
            return node;
        }
        throw new InvalidInputException("-o " + file + ": line " + number + " is not a batch result; not writing"
                + " to a file that holds something else (choose another -o)");
    }

    private static JsonNode parse(byte[] line) {
        try {
            return Json.wire().readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /** The lines of a channel from its start, by positioned reads (the channel is neither moved nor closed). */
    private static final class Lines {
        private final FileChannel channel;
        private final Path file;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private long position; // of the buffer's first byte in the file
        private long start;
        private boolean ended;
        private byte[] line = new byte[1024];

        Lines(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
            buffer.limit(0);
        }

        /** The next line without its newline, or null at the end of the file. */
        byte[] next() throws IOException {
            start = position + buffer.position();
            int length = 0;
            while (true) {
                if (!buffer.hasRemaining()) {
                    position += buffer.limit();
                    buffer.clear();
                    int n = channel.read(buffer, position);
                    buffer.flip();
                    if (n <= 0) {
                        ended = false;
                        return length == 0 ? null : java.util.Arrays.copyOf(line, length);
                    }
                }
                byte b = buffer.get();
                if (b == '\n') {
                    ended = true;
                    return java.util.Arrays.copyOf(line, length);
                }
                if (length == line.length) {
                    if (length >= MAX_LINE) {
                        throw new InvalidInputException("-o " + file + ": a line is longer than 256 MiB, so it is"
                                + " not a batch result; not writing to a file that holds something else");
                    }
                    line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, 2 * length));
                }
                line[length++] = b;
            }
        }

        /** Where the line last returned begins in the file. */
        long start() {
            return start;
        }

        /** Whether the line last returned ended with its newline. */
        boolean ended() {
            return ended;
        }
    }
}
