package dev.jollama.core.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.jollama.core.chat.Images;
import dev.jollama.core.chat.StructuredFormat;
import dev.jollama.core.daemon.OllamaOptions;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.json.Json;
import dev.jollama.core.json.JsonProblem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch input read a line at a time, so that a million lines cost the memory of one. A line that is a
 * JSON object is an item ({@code id}, {@code prompt}, optional {@code system}, {@code images},
 * {@code options}, {@code format}); any other non-blank line is a prompt whose id is its line number.
 * A line that cannot be sent (bad JSON, no prompt, a missing image) is still an item, carrying its
 * problem, so that it gets an error line and the rest go on.
 */
public final class BatchInput {

    private final InputStream in;
    private final long maxLine;
    private final Path imagesBase;
    private byte[] line = new byte[256];
    private long number;
    private boolean ended;
    private final java.util.function.Consumer<String> warnings;
    private SeenIds seen;

    /**
     * @param in the input's bytes: each line is decoded on its own, strictly, so that a line that is not
     *     UTF-8 is that item's error and never reaches the daemon with U+FFFD in it
     * @param maxLine the longest line accepted, in bytes (the input limit): longer is an error item
     * @param imagesBase where relative image paths are read from
     */
    public BatchInput(InputStream in, long maxLine, Path imagesBase) {
        this(in, maxLine, imagesBase, null);
    }

    /**
     * @param warnings told once, naming the id and both lines, when an id comes a second time (or null):
     *     both items are answered, and a resume counts an id's answers ({@link ResumeFile.Answered})
     */
    public BatchInput(InputStream in, long maxLine, Path imagesBase, java.util.function.Consumer<String> warnings) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
        this.maxLine = maxLine;
        this.imagesBase = imagesBase;
        this.warnings = warnings;
        this.seen = warnings == null ? null : new SeenIds();
    }

    /** The next item, or null at the end of the input. */
    public BatchItem next() throws IOException {
        while (!ended) {
            String text = readLine();
            if (text == null) {
                return null;
            }
            if (!text.isBlank()) {
                BatchItem item = parse(text, number);
                if (seen != null) {
                    long earlier = seen.add(item.key(), number);
                    if (earlier > 0) {
                        seen = null; // once is enough
                        warnings.accept("id " + item.key() + " on line " + number + " was given already on line "
                                + earlier + ": both are answered, and a resumed run counts the answers of an id"
                                + " (give each item its own id)");
                    }
                }
                return item;
            }
        }
        return null;
    }

    private String readLine() throws IOException {
        int length = 0;
        boolean tooLong = false;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (length == line.length && length < maxLine) {
                long grown = Math.min(Math.min(maxLine, 2L * length), Integer.MAX_VALUE - 8L);
                if (grown > length) {
                    line = Arrays.copyOf(line, (int) grown);
                }
            }
            if (length < maxLine && length < line.length) {
                line[length++] = (byte) c;
            } else {
                tooLong = true;
            }
        }
        if (c < 0) {
            ended = true;
            if (length == 0 && !tooLong) {
                return null;
            }
        }
        number++;
        if (tooLong) {
            return TOO_LONG;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            return NOT_UTF8 + bytes.position();
        }
    }

    // What readLine() says of a line it cannot give as text: NUL never starts a line of text.
    private static final String TOO_LONG = "\u0000too long";
    private static final String NOT_UTF8 = "\u0000not UTF-8 at ";

    BatchItem parse(String text, long lineNumber) {
        JsonNode lineId =
                lineNumber <= Integer.MAX_VALUE ? IntNode.valueOf((int) lineNumber) : LongNode.valueOf(lineNumber);
        if (text.equals(TOO_LONG)) {
            return problem(lineId, "line " + lineNumber + " is longer than the input limit (--max-input)");
        }
        if (text.startsWith(NOT_UTF8)) {
            return problem(
                    lineId,
                    "line " + lineNumber + " is not valid UTF-8 (bad byte at offset "
                            + text.substring(NOT_UTF8.length()) + " of the line): nothing was sent for it; convert"
                            + " the input first, for example with `iconv -f latin1 -t utf-8`");
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith("{")) {
            return new BatchItem(lineId, text, null, null, null, null, null);
        }
        JsonNode node;
        try {
            node = Json.wire().readTree(trimmed);
        } catch (JsonProcessingException e) {
            // The parser counts in the stripped line: its column is the place, its line always 1.
            var at = e.getLocation();
            return problem(
                    lineId,
                    "line " + lineNumber + " is not valid JSON"
                            + (at != null && at.getColumnNr() > 0
                                    ? " (column " + (at.getColumnNr() + text.indexOf(trimmed)) + ")"
                                    : "")
                            + ": " + JsonProblem.describe(e));
        }
        JsonNode id = node.path("id");
        if (id.isMissingNode() || id.isNull()) {
            id = lineId;
        } else if (!id.isTextual() && !id.isIntegralNumber()) {
            return problem(lineId, "line " + lineNumber + ": \"id\" must be text or a whole number");
        }
        try {
            return item(node, id, lineNumber);
        } catch (JollamaException e) {
            return problem(id, "line " + lineNumber + ": " + e.getMessage());
        }
    }

    private BatchItem item(JsonNode node, JsonNode id, long lineNumber) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!List.of("id", "prompt", "system", "images", "options", "format")
                    .contains(field)) {
                return problem(
                        id,
                        "line " + lineNumber + ": unknown field '" + field + "' (an item has id, prompt,"
                                + " system, images, options, format)");
            }
        }
        if (!node.path("prompt").isTextual()) {
            return problem(id, "line " + lineNumber + " has no \"prompt\" (text)");
        }
        String system = node.path("system").isTextual() ? node.path("system").asText() : null;
        Map<String, Object> options = null;
        if (node.has("options")) {
            if (!node.path("options").isObject()) {
                return problem(id, "line " + lineNumber + ": \"options\" must be an object");
            }
            options = new LinkedHashMap<>();
            for (var it = node.path("options").fields(); it.hasNext(); ) {
                var e = it.next();
                Object value = Json.wire().convertValue(e.getValue(), Object.class);
                String wrong = OllamaOptions.check(e.getKey(), value);
                if (wrong != null) {
                    return problem(id, "line " + lineNumber + ": option '" + e.getKey() + "': " + wrong);
                }
                options.put(e.getKey(), value);
            }
        }
        Object format = null;
        JsonNode f = node.path("format");
        if (f.isTextual()) {
            format = StructuredFormat.parse(f.asText());
        } else if (f.isObject()) {
            format = f;
        }
        return new BatchItem(
                id, node.path("prompt").asText(), system, images(node.path("images")), options, format, null);
    }

    /** Each image a file (relative to the input's folder) or base64 image data, as Ollama takes it. */
    private List<String> images(JsonNode images) {
        if (images.isMissingNode() || images.isNull()) {
            return null;
        }
        if (!images.isArray()) {
            throw new dev.jollama.core.error.InvalidInputException(
                    "\"images\" must be a list of files or base64 images");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode image : images) {
            String text = image.asText();
            Path file = imagesBase.resolve(text);
            if (text.length() < 4096 && Files.isRegularFile(file)) {
                out.addAll(Images.read(List.of(file), maxLine));
                continue;
            }
            byte[] head;
            try {
                head = Base64.getDecoder().decode(text.substring(0, Math.min(text.length(), 64) / 4 * 4));
            } catch (IllegalArgumentException e) {
                head = new byte[0];
            }
            if (!Images.isImage(head)) {
                throw new dev.jollama.core.error.InvalidInputException(
                        "image '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                                + "' is neither a file nor base64 image data");
            }
            out.add(text);
        }
        return out;
    }

    private static BatchItem problem(JsonNode id, String what) {
        return new BatchItem(id, null, null, null, null, null, what);
    }
}
