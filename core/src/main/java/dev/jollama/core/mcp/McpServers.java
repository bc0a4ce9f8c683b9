package dev.jollama.core.mcp;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The MCP servers of the configuration, each started on first use, once per process, and stopped at
 * exit (by {@link #close}, or by a shutdown hook for a process that ends otherwise). Building one costs
 * nothing: the SDK and Reactor are loaded when the first server starts, so a command without tools
 * never pays for them.
 *
 * <pre>{@code
 * try (McpServers servers = new McpServers(config.mcpServers(), environment)) {
 *     List<Tool> tools = servers.tools(cancellation);   // starts them; McpServerException names a bad one
 *     ToolResult result = tools.get(0).call(arguments, cancellation);
 * }
 * }</pre>
 */
public final class McpServers implements AutoCloseable {

    private final Map<String, Server> servers = new LinkedHashMap<>();
    private final Object lock = new Object();
    private Thread hook;
    private boolean closed;

    /**
     * @param specs the servers by name, in the order their tools are offered
     * @param environment jollama's environment: {@code ${VAR}} is filled in from it, and a program gets its
     *     PATH and HOME (and nothing else of it)
     */
    public McpServers(Map<String, McpServerSpec> specs, Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        specs.forEach((name, spec) -> servers.put(name, new Server(spec, env)));
    }

    public Set<String> names() {
        return servers.keySet();
    }

    public boolean isEmpty() {
        return servers.isEmpty();
    }

    /** The tools of every server, starting those not started yet (side by side); see {@link #tools(Cancellation)}. */
    public List<Tool> tools() {
        return tools(new Cancellation());
    }

    /**
     * The tools of every server, in the configured order, starting those not started yet side by side;
     * each start is bounded by its server's start timeout.
     *
     * @throws McpServerException for the first server (in the configured order) that cannot be used; a
     *     server that failed once fails the same way for the rest of the process
     * @throws CancelledException when {@code cancellation} fires first (the starts go on, for next time)
     */
    public List<Tool> tools(Cancellation cancellation) {
        List<CompletableFuture<List<McpTool>>> starts = new ArrayList<>();
        for (Server server : servers.values()) {
            starts.add(start(server));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
        Runnable deregister = cancellation.onCancel(() -> all.completeExceptionally(new CancelledException()));
        try {
            all.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
        } finally {
            deregister.run();
        }
        List<Tool> tools = new ArrayList<>();
        for (CompletableFuture<List<McpTool>> start : starts) {
            try {
                tools.addAll(start.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
        return tools;
    }

    /** The tools of one server, starting it if it is not started yet. */
    public List<Tool> tools(String server) {
        Server s = servers.get(server);
        if (s == null) {
            throw new IllegalArgumentException("no MCP server '" + server + "'; configured: " + names());
        }
        try {
            return List.copyOf(start(s).get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** Stops every started server, a program with everything it started. */
    @Override
    public void close() {
        Thread registered;
        synchronized (lock) {
            closed = true;
            registered = hook;
            hook = null;
        }
        if (registered != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(registered);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops them too
            }
        }
        stopAll();
    }

    private CompletableFuture<List<McpTool>> start(Server server) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        McpServerException.failed(server.spec.name(), "was stopped", null, List.of()));
            }
            if (hook == null) {
                hook = new Thread(this::stopAll, "mcp-servers-stop");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            return server.start();
        }
    }

    private void stopAll() {
        List<Thread> stopping = new ArrayList<>();
        for (Server server : servers.values()) {
            Thread t = new Thread(server::close, "mcp-" + server.spec.name() + "-close");
            t.setDaemon(true);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One server: its start, run once on a thread of its own, and the connection it made. */
    private static final class Server {

        private final McpServerSpec spec;
        private final Map<String, String> environment;
        private CompletableFuture<List<McpTool>> started;
        private volatile McpConnection connection;

        Server(McpServerSpec spec, Map<String, String> environment) {
            this.spec = spec;
            this.environment = environment;
        }

        synchronized CompletableFuture<List<McpTool>> start() {
            if (started == null) {
                started = new CompletableFuture<>();
                McpConnection c = new McpConnection(spec, environment);
                connection = c;
                Thread t = new Thread(
                        () -> {
                            try {
                                started.complete(c.start());
                            } catch (RuntimeException e) {
                                started.completeExceptionally(e);
                            } catch (Throwable e) { // never leave a caller waiting on a start that died
                                started.completeExceptionally(McpServerException.failed(
                                        spec.name(), "could not be started: " + e, e, List.of()));
                            }
                        },
                        "mcp-" + spec.name() + "-start");
                t.setDaemon(true);
                t.start();
            }
            return started;
        }

        void close() {
            McpConnection c = connection;
            if (c != null) {
                c.close();
            }
        }
    }
}
