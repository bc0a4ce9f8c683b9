package dev.jollama.core.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The events of a Server-Sent Events stream, read as the WHATWG HTML standard's "interpreting an event
 * stream" says: lines end in CRLF, LF or CR; a blank line dispatches the event; {@code data:} lines
 * are joined with "\n"; {@code event:} names it ("message" unless named); {@code id:} and
 * {@code retry:} are read and not needed (nothing reconnects a chat answer); a line starting with a
 * colon is a comment (the keep-alives some servers send while a model loads); an event with no data is
 * not dispatched, nor one cut off by the end of the stream. An event larger than the limit is an error
 * rather than a heap filled by a server that never ends one.
 */
final class SseEvents {

    /** One dispatched event: its type ("message" unless named) and its data, the lines joined with "\n". */
    record Event(String type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream data = new ByteArrayOutputStream(256);
    private String type = "";
    private boolean afterCr; // the last line ended in CR: an LF right after it is part of that line end
    private boolean started;

    SseEvents(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        byte[] raw;
        while ((raw = readLine()) != null) {
            if (raw.length == 0) {
                Event event = dispatch();
                if (event != null) {
                    return event;
                }
                continue;
            }
            if (raw[0] == ':') {
                continue; // a comment
            }
            int colon = indexOf(raw, (byte) ':');
            String field = new String(raw, 0, colon < 0 ? raw.length : colon, StandardCharsets.UTF_8);
            int from = colon < 0 ? raw.length : colon + 1;
            if (from < raw.length && raw[from] == ' ') {
                from++;
            }
            switch (field) {
                case "data" -> {
                    if (data.size() + raw.length - from + 1 > maxBytes) {
                        throw new IOException("an event larger than " + maxBytes + " bytes");
                    }
                    data.write(raw, from, raw.length - from);
                    data.write('\n');
                }
                case "event" -> type = new String(raw, from, raw.length - from, StandardCharsets.UTF_8);
                default -> {
                    // "id", "retry" and unknown fields: nothing a single answer needs.
                }
            }
        }
        return null; // an event the stream's end cut off is not dispatched
    }

    private Event dispatch() {
        String name = type.isEmpty() ? "message" : type;
        type = "";
        if (data.size() == 0) {
            return null;
        }
        byte[] bytes = data.toByteArray();
        data.reset();
        byte[] joined = new byte[bytes.length - 1]; // without the "\n" after the last line
        System.arraycopy(bytes, 0, joined, 0, joined.length);
        return new Event(name, joined);
    }

    /** A line without its end; null at the end of the stream (a last line without its end is dropped with its event). */
    private byte[] readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0) {
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (!started) {
                started = true;
                if (b == 0xEF && skipBom()) {
                    continue;
                }
            }
            if (b == '\n') {
                return line.toByteArray();
            }
            if (b == '\r') {
                afterCr = true;
                return line.toByteArray();
            }
            if (line.size() >= maxBytes) {
                throw new IOException("an event line longer than " + maxBytes + " bytes");
            }
            line.write(b);
        }
        return null;
    }

    /** After a first 0xEF: the rest of a UTF-8 byte order mark, skipped; else the bytes are kept as data. */
    private boolean skipBom() throws IOException {
        int second = in.read();
        int third = second == 0xBB ? in.read() : -1;
        if (second == 0xBB && third == 0xBF) {
            return true;
        }
        line.write(0xEF);
        if (second >= 0) {
            line.write(second);
        }
        if (third >= 0) {
            line.write(third);
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
