package dev.jollama.core.chat;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds a one-shot prompt from piped stdin and the command's arguments. */
public final class PromptInput {

    private PromptInput() {}

    /**
     * Stdin text first, a blank line, then the arguments joined by spaces; either alone is fine.
     * Invalid UTF-8 is an error naming the byte offset, never silently replaced.
     */
    public static String combine(byte[] stdin, List<String> args) {
        String piped = stdin == null ? "" : decode(stdin).stripTrailing();
        String typed = String.join(" ", args).strip();
        if (piped.isEmpty()) {
            return typed;
        }
        return typed.isEmpty() ? piped : piped + "\n\n" + typed;
    }

    /**
     * All of {@code in} up to {@code limit} bytes; more than that stops with an error before anything
     * is sent, rather than holding an unbounded stream in memory or sending half of it.
     */
    public static byte[] readLimited(InputStream in, long limit) throws IOException {
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        byte[] bytes = in.readNBytes(cap + 1);
        if (bytes.length > cap) {
            throw new InvalidInputException("stdin holds more than the " + ByteSize.human(limit) + " input limit:"
                    + " nothing was sent; send less, or raise the limit with --max-input, JOLLAMA_MAX_INPUT or"
                    + " \"maxInput\" in the config");
        }
        return bytes;
    }

    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (MalformedInputException e) {
            throw invalid(buffer.position());
        } catch (CharacterCodingException e) {
            throw invalid(buffer.position());
        }
    }

    private static InvalidInputException invalid(int offset) {
        return new InvalidInputException("stdin is not valid UTF-8 (bad byte at offset " + offset
                + "): convert it first, for example with `iconv -f latin1 -t utf-8`");
    }
}
