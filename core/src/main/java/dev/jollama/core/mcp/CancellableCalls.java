package dev.jollama.core.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A transport that remembers the JSON-RPC id of each {@code tools/call} it sends, by the call's progress
 * token, so that a cancelled call can be named in {@code notifications/cancelled}. The SDK's client
 * keeps request ids to itself and sends no cancellation of its own.
 */
final class CancellableCalls implements McpClientTransport {

    private final McpClientTransport delegate;
    private final Map<Object, Object> requestIds = new ConcurrentHashMap<>();

    CancellableCalls(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    /** Tells the server to stop the call sent with {@code progressToken}, if it was sent. */
    void cancel(Object progressToken, String reason) {
        Object id = requestIds.remove(progressToken);
        if (id != null) {
            delegate.sendMessage(new McpSchema.JSONRPCNotification(
                            McpSchema.JSONRPC_VERSION,
                            "notifications/cancelled",
                            Map.of("requestId", id, "reason", reason)))
                    .subscribe(ignored -> {}, error -> {});
        }
    }

    /** The call with {@code progressToken} is over. */
    void done(Object progressToken) {
        requestIds.remove(progressToken);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                && request.params() instanceof McpSchema.CallToolRequest call
                && call.meta() != null
                && call.meta().get("progressToken") != null) {
            requestIds.put(call.meta().get("progressToken"), request.id());
        }
        return delegate.sendMessage(message);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
