package dev.jollama.core.embed;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stream read as one text per line, as the lines arrive: a line ends at {@code \n} (a {@code \r}
 * before it is dropped) and the last one needs none. Each line is held alone and checked alone against
 * the input limit and for UTF-8, so an endless pipe never has to fit in memory.
 */
public final class InputLines implements Embedder.Inputs {

    private final InputStream in;
    private final long limit;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int len;
    private boolean eof;
    private byte[] line = new byte[1024];
    private int lineNumber;

    /** {@code limit}: the most bytes one line may hold. */
    public InputLines(InputStream in, long limit) {
        this.in = in;
        this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
    }

    /** The next line without its end, or null at the end of the stream. */
    @Override
    public String next() throws IOException {
        int n = 0;
        boolean any = false;
        while (pos < len || fill()) {
            any = true;
            int end = pos;
            while (end < len && chunk[end] != '\n') {
                end++;
            }
            int count = end - pos;
            if (n + (long) count > limit) {
                throw new InvalidInputException("line " + (lineNumber + 1) + " of stdin holds more than the "
                        + ByteSize.human(limit) + " input limit: it was not sent; split it, or raise the limit"
                        + " with --max-input, JOLLAMA_MAX_INPUT or \"maxInput\" in the config");
            }
            if (n + count > line.length) {
                line = Arrays.copyOf(line, (int) Math.min(limit, Math.max(n + count, 2L * line.length)));
            }
            System.arraycopy(chunk, pos, line, n, count);
            n += count;
            pos = end;
            if (end < len) {
                pos++; // the \n
                break;
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return decode(n);
    }

    /** True when more input is buffered or waiting, so reading it will not block. */
    @Override
    public boolean ready() {
        if (pos < len) {
            return true;
        }
        try {
            return !eof && in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int read = in.read(chunk, 0, chunk.length);
        if (read < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        len = read;
        return true;
    }

    private String decode(int n) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, n);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("line " + lineNumber + " of stdin is not valid UTF-8 (bad byte at offset "
                    + bytes.position() + " of the line): convert it first, for example with `iconv -f latin1 -t"
                    + " utf-8`");
        }
    }
}
