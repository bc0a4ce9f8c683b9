package dev.jollama.core.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The stdio transport over a {@link ServerProcess}: newline-delimited JSON-RPC on the program's stdin
 * and stdout. jollama's own rather than the SDK's {@code StdioClientTransport}, which inherits the whole
 * environment, cannot stop a process group, and leaves a request waiting until its timeout when the
 * server dies or writes garbage. Here either ends in {@link #failure()} at once.
 */
final class StdioTransport implements McpClientTransport {

    /** Longest line read from the server: far beyond any tool result, far below the JVM's memory. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    /** Non-JSON-RPC lines tolerated on stdout (a stray banner), before the server counts as broken. */
    static final int GARBAGE_LINES = 20;

    private final ServerProcess process;
    private final McpJsonMapper mapper;
    private final CompletableFuture<McpServerException> failure = new CompletableFuture<>();
    private final ExecutorService writer;
    private volatile boolean answered;
    private volatile boolean closing;

    StdioTransport(ServerProcess process, McpJsonMapper mapper) {
        this.process = process;
        this.mapper = mapper;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "mcp-" + process.server() + "-stdin"));
        process.exit().thenRun(() -> {
            // The reader normally sees the end of stdout first; a child that keeps stdout open must not
            // keep the exit from being noticed.
            if (!closing) {
                CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(this::exited);
            }
        });
    }

    /** Completes when the server can no longer be used: it exited, or broke the protocol. */
    CompletableFuture<McpServerException> failure() {
        return failure;
    }

    ServerProcess process() {
        return process;
    }

    /** Errors say "exited" rather than "exited before it answered" once initialize was answered. */
    void answered() {
        answered = true;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            Thread reader = new Thread(() -> read(handler), "mcp-" + process.server() + "-stdout");
            reader.setDaemon(true);
            reader.start();
        });
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (failure.isDone()) {
            return Mono.error(failure.join());
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                try {
                    byte[] json = mapper.writeValueAsBytes(message);
                    OutputStream in = process.stdin();
                    in.write(json);
                    in.write('\n');
                    in.flush();
                    written.complete(null);
                } catch (IOException | RuntimeException e) {
                    written.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return Mono.error(new IOException("the connection to MCP server '" + process.server() + "' is closed"));
        }
        // Written on a thread of its own: a server that stops reading its stdin must not block the caller.
        return Mono.fromFuture(written);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
        closing = true;
        writer.shutdownNow();
        process.stop();
        failure.complete(McpServerException.failed(process.server(), "was stopped", null, process.stderrTail()));
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }

    private void read(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        int garbage = 0;
        String firstGarbage = null;
        byte[] chunk = new byte[65536];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream out = process.stdout()) {
            int n;
            while ((n = out.read(chunk)) != -1) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    line.write(chunk, start, i - start);
                    start = i + 1;
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    line.reset();
                    if (text.isEmpty()) {
                        continue;
                    }
                    McpSchema.JSONRPCMessage message;
                    try {
                        message = McpSchema.deserializeJsonRpcMessage(mapper, text);
                    } catch (IOException | RuntimeException notJsonRpc) {
                        if (firstGarbage == null) {
                            firstGarbage = text.length() > 80 ? text.substring(0, 80) + "…" : text;
                        }
                        if (++garbage > GARBAGE_LINES) {
                            fail("wrote " + garbage + " lines to stdout that are not MCP messages (a server must"
                                    + " write only JSON-RPC there, and log to stderr), the first: '"
                                    + printable(firstGarbage) + "'");
                            return;
                        }
                        continue;
                    }
                    handler.apply(Mono.just(message)).subscribe(ignored -> {}, error -> {});
                }
                line.write(chunk, start, n - start);
                if (line.size() > MAX_LINE_BYTES) {
                    fail("wrote a line of more than " + MAX_LINE_BYTES / (1024 * 1024) + " MiB to stdout");
                    return;
                }
            }
        } catch (IOException e) {
            // stdout closed under us: the process is being stopped, or is gone
        }
        exited();
    }

    private void exited() {
        if (failure.isDone() || closing) {
            return;
        }
        Integer status = process.exitStatus(Duration.ofSeconds(2));
        if (status == null) {
            fail("closed its stdout");
            return;
        }
        failure.complete(McpServerException.exited(
                process.server(), status, answered, process.stderrTail(Duration.ofMillis(500))));
        process.stop();
    }

    private void fail(String what) {
        if (failure.isDone() || closing) {
            return;
        }
        failure.complete(McpServerException.brokeProtocol(process.server(), what, process.stderrTail()));
        // Stopped on a thread of its own, so that the reader (which may be the caller) returns at once.
        Thread stopper = new Thread(process::stop, "mcp-" + process.server() + "-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
