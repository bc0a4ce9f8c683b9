package dev.jollama.core.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code data:} payloads of a Server-Sent Events stream, one per call. Comments ({@code :…},
 * the keep-alives some servers send while a model loads), {@code event:}/{@code id:} lines and blank
 * separators are skipped. A line longer than the limit is an error rather than a heap filled by a
 * server that never sends a newline.
 */
final class SseLines {

    private final InputStream in;
    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    SseLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next event's data (bytes after "data:" and one optional space), or null at the end of the stream. */
    byte[] nextData() throws IOException {
        while (true) {
            byte[] raw = readLine();
            if (raw == null) {
                return null;
            }
            if (raw.length >= 5 && raw[0] == 'd' && raw[1] == 'a' && raw[2] == 't' && raw[3] == 'a' && raw[4] == ':') {
                int from = raw.length > 5 && raw[5] == ' ' ? 6 : 5;
                byte[] data = new byte[raw.length - from];
                System.arraycopy(raw, from, data, 0, data.length);
                return data;
            }
        }
    }

    private byte[] readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return trimmed();
            }
            if (line.size() >= maxLine) {
                throw new IOException("an event line longer than " + maxLine + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : trimmed();
    }

    private byte[] trimmed() {
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            byte[] shorter = new byte[n - 1];
            System.arraycopy(bytes, 0, shorter, 0, n - 1);
            return shorter;
        }
        return bytes;
    }
}
