package dev.jollama.core.batch;

import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.UnusedDaemon;
import dev.jollama.core.hosts.Pools;
import dev.jollama.core.http.Cancellation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a batch of N generated lines (never stored) against an instant in-memory daemon, in order
 * mode, writing to nowhere: run with a small -Xmx, it fails with OutOfMemoryError if the batch holds
 * its input or its results.
 */
public final class BatchMemoryProbe {

    public static void main(String[] args) throws IOException {
        long count = Long.parseLong(args[0]);
        UnusedDaemon instant = new UnusedDaemon() {
            @Override
            public List<InstalledModel> listModels() {
                return List.of();
            }

            @Override
            public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
                listener.onContent("ok " + request.prompt());
                return new Completion(request.model(), "ok " + request.prompt(), null, "stop", 1, 0, 3, 0, 2, 1);
            }
        };
        BatchRunner runner =
                new BatchRunner(Pools.over(1, instant), new BatchRunner.Settings("m", null, Map.of(), null, 4, true));
        OutputStream nowhere = OutputStream.nullOutputStream();
        BatchRunner.Counts counts = runner.run(
                new BatchInput(new GeneratedLines(count), 1 << 20, Path.of(""), System.err::println),
                BatchOutput.of(nowhere),
                Set.of());
        System.out.println("answered " + counts.answered() + " of " + counts.read());
    }

    /** "{"id": i, "prompt": "question i"}" lines, made as they are read. */
    private static final class GeneratedLines extends java.io.InputStream {
        private final long count;
        private long next = 1;
        private byte[] current = new byte[0];
        private int pos;

        GeneratedLines(long count) {
            this.count = count;
        }

        @Override
        public int read() {
            if (pos == current.length) {
                if (next > count) {
                    return -1;
                }
                current = ("{\"id\": " + next + ", \"prompt\": \"question " + next + " with some padding text\"}\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                next++;
                pos = 0;
            }
            return current[pos++];
        }

        @Override
        public void close() {}
    }
}
