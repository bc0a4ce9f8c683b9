package dev.jollama.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.text.Durations;
import dev.jollama.core.tools.ToolResult;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running MCP server, through the official SDK's client: started, initialized and its tools listed
 * by {@link #start}, each call bounded by the request timeout and by the server's death. The only class
 * (with the two transports) that touches the SDK, so the SDK and Reactor load with the first server.
 */
final class McpConnection {

    private static final String VERSION = versionOr("dev");
    private static final Duration FAILURE_GRACE = Duration.ofSeconds(1);
    private static final Duration SDK_SLACK = Duration.ofSeconds(30);

    private final McpServerSpec spec;
    private final Map<String, String> environment;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean closed;
    private volatile StdioTransport stdio;
    private volatile CancellableCalls transport;
    private volatile McpAsyncClient client;
    private volatile CompletableFuture<McpServerException> failure = new CompletableFuture<>();

    McpConnection(McpServerSpec spec, Map<String, String> environment) {
        this.spec = spec;
        this.environment = environment;
    }

    String name() {
        return spec.name();
    }

    /**
     * Starts the server, initializes the session and lists its tools, all within the start timeout.
     *
     * @throws McpServerException when it cannot be used; it is stopped then
     */
    List<McpTool> start() {
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        McpServerSpec expanded = spec.expand(environment);
        McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
        McpClientTransport base;
        if (expanded instanceof McpServerSpec.Stdio program) {
            StdioTransport started = new StdioTransport(ServerProcess.start(program, environment), mapper);
            stdio = started;
            failure = started.failure();
            base = started;
        } else {
            McpServerSpec.Http http = (McpServerSpec.Http) expanded;
            base = HttpClientStreamableHttpTransport.builder(http.url())
                    .endpoint(http.url())
                    .jsonMapper(mapper)
                    .connectTimeout(min(spec.startTimeout(), Duration.ofSeconds(10)))
                    .httpRequestCustomizer((request, method, uri, body, context) ->
                            http.headers().forEach(request::setHeader))
                    .build();
        }
        transport = new CancellableCalls(base);
        client = McpClient.async(transport)
                // jollama's own waits (start, request) are the bounds; the SDK's only back them up.
                .requestTimeout(longest(spec).plus(SDK_SLACK))
                .initializationTimeout(spec.startTimeout().plus(SDK_SLACK))
                .clientInfo(new McpSchema.Implementation("jollama", VERSION))
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .build();
        if (closed) {
            close();
            throw McpServerException.failed(name(), "was stopped while starting", null, List.of());
        }
        try {
            await(client.initialize().toFuture(), deadline);
            if (stdio != null) {
                stdio.answered();
            }
            List<McpTool> tools = new ArrayList<>();
            McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();
            if (capabilities != null && capabilities.tools() != null) {
                for (McpSchema.Tool tool :
                        await(client.listTools().toFuture(), deadline).tools()) {
                    tools.add(tool(tool));
                }
            }
            return tools;
        } catch (TimeoutException e) {
            McpServerException noAnswer = McpServerException.noAnswer(name(), spec.startTimeout(), stderrTail());
            close();
            throw noAnswer;
        } catch (McpServerException e) {
            close();
            throw e;
        } catch (ExecutionException e) {
            McpServerException why = failureSoon();
            if (why == null) {
                why = McpServerException.failed(name(), describe(e.getCause(), expanded), e.getCause(), stderrTail());
            }
            close();
            throw why;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancelledException();
        }
    }

    /** Calls {@code tool} (its name on the server); a failure the model should hear of is an error result. */
    ToolResult call(String tool, JsonNode arguments, Cancellation cancellation) {
        if (failure.isDone()) {
            return ToolResult.error(failure.join().getMessage());
        }
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        String token = "jollama-" + calls.incrementAndGet();
        Map<String, Object> args = arguments == null || arguments.isNull()
                ? Map.of()
                : json.convertValue(arguments, new com.fasterxml.jackson.core.type.TypeReference<>() {});
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, args, Map.of("progressToken", token));
        CompletableFuture<McpSchema.CallToolResult> answer =
                client.callTool(request).toFuture();
        Runnable deregister = cancellation.onCancel(() -> {
            // The server is told first: once the answer is cancelled, the caller forgets the call's id.
            transport.cancel(token, "cancelled by the user");
            answer.cancel(true);
        });
        try {
            McpSchema.CallToolResult r;
            try {
                r = await(answer, System.nanoTime() + spec.requestTimeout().toNanos());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TimeoutException sdkTimeout) {
                    throw sdkTimeout;
                }
                throw e;
            }
            return result(r);
        } catch (TimeoutException e) {
            transport.cancel(token, "timed out");
            answer.cancel(true);
            return ToolResult.error("MCP server '" + name() + "' did not answer the call of " + tool + " within "
                    + Durations.human(spec.requestTimeout()) + " (\"requestTimeout\" in its entry waits longer)");
        } catch (McpServerException e) {
            return ToolResult.error(e.getMessage());
        } catch (ExecutionException | CancellationException e) {
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof McpError error) {
                return ToolResult.error("MCP server '" + name() + "' refused the call of " + tool + ": "
                        + (error.getJsonRpcError() != null
                                ? error.getJsonRpcError().message()
                                : error.getMessage()));
            }
            McpServerException why = failureSoon();
            return ToolResult.error(
                    why != null
                            ? why.getMessage()
                            : "MCP server '" + name() + "': the call of " + tool + " failed: " + message(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transport.cancel(token, "cancelled by the user");
            answer.cancel(true);
            throw new CancelledException();
        } finally {
            deregister.run();
            transport.done(token);
        }
    }

    /** Stops the server (a program with its whole process group); safe to call at any time, and twice. */
    void close() {
        closed = true;
        McpAsyncClient c = client;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        StdioTransport s = stdio;
        if (s != null) {
            s.close();
        } else if (transport != null) {
            try {
                // A streamable HTTP session is ended with a DELETE; never wait long for it.
                transport.closeGracefully().block(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // the server is unreachable: nothing to end
            }
        }
        failure.complete(McpServerException.failed(name(), "was stopped", null, List.of()));
    }

    private McpTool tool(McpSchema.Tool tool) {
        JsonNode schema = tool.inputSchema() == null ? null : json.valueToTree(tool.inputSchema());
        if (schema == null || !schema.isObject()) {
            schema = json.createObjectNode().put("type", "object");
        } else if (!schema.has("type")) {
            ObjectNode typed = json.createObjectNode().put("type", "object");
            typed.setAll((ObjectNode) schema);
            schema = typed;
        }
        String description = tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : "";
        return new McpTool(name(), tool.name(), description, schema, this);
    }

    /** Text parts as they are, the rest summarised: the model reads text. */
    private ToolResult result(McpSchema.CallToolResult r) {
        List<String> parts = new ArrayList<>();
        if (r.content() != null) {
            for (McpSchema.Content c : r.content()) {
                parts.add(describe(c));
            }
        }
        if (parts.isEmpty() && r.structuredContent() != null) {
            try {
                parts.add(json.writeValueAsString(r.structuredContent()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                parts.add(String.valueOf(r.structuredContent()));
            }
        }
        return new ToolResult(String.join("\n", parts), Boolean.TRUE.equals(r.isError()));
    }

    private static String describe(McpSchema.Content c) {
        if (c instanceof McpSchema.TextContent text) {
            return text.text();
        }
        if (c instanceof McpSchema.ImageContent image) {
            return "[image: " + image.mimeType() + ", " + base64Bytes(image.data()) + " bytes]";
        }
        if (c instanceof McpSchema.AudioContent audio) {
            return "[audio: " + audio.mimeType() + ", " + base64Bytes(audio.data()) + " bytes]";
        }
        if (c instanceof McpSchema.EmbeddedResource embedded) {
            McpSchema.ResourceContents resource = embedded.resource();
            if (resource instanceof McpSchema.TextResourceContents text) {
                return "[resource: " + text.uri() + "]\n" + text.text();
            }
            if (resource instanceof McpSchema.BlobResourceContents blob) {
                return "[resource: " + blob.uri() + ", " + blob.mimeType() + ", " + base64Bytes(blob.blob())
                        + " bytes]";
            }
            return "[resource]";
        }
        if (c instanceof McpSchema.ResourceLink link) {
            return "[resource link: " + link.uri() + (link.name() != null ? " (" + link.name() + ")" : "") + "]";
        }
        return "[" + c.type() + "]";
    }

    private static long base64Bytes(String data) {
        if (data == null) {
            return 0;
        }
        int length = data.length();
        int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
        return Math.max(0, length * 3L / 4 - padding);
    }

    /** Waits for {@code future} until the deadline, or until the server fails, whichever comes first. */
    private <T> T await(CompletableFuture<T> future, long deadline)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<McpServerException> broken = failure;
        try {
            CompletableFuture.anyOf(future, broken)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // the future failed: get() below says how
        }
        if (future.isDone()) {
            return future.get();
        }
        throw broken.join();
    }

    /** The server's failure if it comes within a moment: a dead server first fails the pending request. */
    private McpServerException failureSoon() {
        try {
            return failure.get(FAILURE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<String> stderrTail() {
        StdioTransport s = stdio;
        return s == null ? List.of() : s.process().stderrTail();
    }

    private static String describe(Throwable cause, McpServerSpec spec) {
        Throwable root = cause;
        Throwable refused = null;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (refused == null && t instanceof java.net.ConnectException) {
                refused = t;
            }
        }
        if (refused != null && spec instanceof McpServerSpec.Http http) {
            return "nothing answers at " + http.url() + " (" + message(refused) + ")";
        }
        if (cause instanceof McpError error && error.getJsonRpcError() != null) {
            return "refused to start the session: " + error.getJsonRpcError().message();
        }
        String outer = message(cause);
        String inner = message(root);
        return "could not start the session: " + (outer.equals(inner) ? outer : outer + " (" + inner + ")");
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static Duration longest(McpServerSpec spec) {
        return spec.startTimeout().compareTo(spec.requestTimeout()) > 0 ? spec.startTimeout() : spec.requestTimeout();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String versionOr(String fallback) {
        String version = McpConnection.class.getPackage().getImplementationVersion();
        return version != null ? version : fallback;
    }
}
