package dev.jollama.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedBodyTest {

    private static ChunkedBody body(String wire) {
        return new ChunkedBody(new SocketInput(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void decodesChunksExtensionsAndTrailers() throws IOException {
        ChunkedBody body = body("5;name=x\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: y\r\n\r\n");
        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void aBodyCutWithinAChunkOrBeforeTheLastChunkIsAnError() {
        assertThatThrownBy(() -> body("5\r\nhel").readAllBytes()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> body("5\r\nhello\r\n").readAllBytes()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> body("zz\r\nhello\r\n").readAllBytes()).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> body("2\r\nhello\r\n").readAllBytes()).hasMessageContaining("longer than its size");
    }

    @Test
    void availableStepsOverABufferedChunkHeaderSoAFastStreamIsNotFlushedPerChunk() throws IOException {
        ChunkedBody body = body("3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        byte[] three = new byte[3];
        assertThat(body.read(three, 0, 3)).isEqualTo(3);
        // The next chunk is in the buffer already: readable without waiting.
        assertThat(body.available()).isEqualTo(3);
        assertThat(body.read(three, 0, 3)).isEqualTo(3);
        assertThat(new String(three, StandardCharsets.US_ASCII)).isEqualTo("def");
        // Only the last chunk is left: nothing more to read, the moment to flush.
        assertThat(body.available()).isZero();
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void availableIsZeroWhenTheNextChunkHasNotArrived() throws IOException {
        // A stream that delivers one chunk and then nothing yet: like a daemon between two tokens.
        InputStream slow = new InputStream() {
            private final byte[] first = "3\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII);
            private int at;

            @Override
            public int read() {
                return at < first.length ? first[at++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, first.length - at);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(first, at, b, off, n);
                at += n;
                return n;
            }

            @Override
            public int available() {
                return 0;
            }
        };
        ChunkedBody body = new ChunkedBody(new SocketInput(slow));
        assertThat(body.read(new byte[3], 0, 3)).isEqualTo(3);
        assertThat(body.available()).isZero();
    }
}
