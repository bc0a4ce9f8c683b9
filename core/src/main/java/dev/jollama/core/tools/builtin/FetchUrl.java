package dev.jollama.core.tools.builtin;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.TlsFailureException;
import dev.jollama.core.files.Binary;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.HttpCall;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.HttpTransport;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Durations;
import dev.jollama.core.tools.ToolPreview;
import dev.jollama.core.tools.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code fetch_url}: an http or https GET, over jollama's own {@link HttpTransport} (so a cancel closes
 * the socket at once), bounded in size and time. An HTML page comes back as its readable text, other
 * text as it is; anything binary is refused. A few redirects are followed, to http or https only. No
 * credentials are sent: not jollama's API key, nor a user name in the URL.
 */
public final class FetchUrl extends BuiltinTool {

    public static final String NAME = "fetch_url";

    /** The most of a body read. */
    public static final int MAX_BYTES = 1024 * 1024;

    public static final Timeouts TIMEOUTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));

    /** The whole fetch, redirects included, however slowly the server sends. */
    public static final Duration TOTAL = Duration.ofSeconds(60);

    static final int MAX_REDIRECTS = 5;

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String ACCEPT =
            "text/html, application/xhtml+xml, text/*;q=0.9, application/json;q=0.9," + " */*;q=0.1";

    private enum Kind {
        HTML,
        TEXT,
        BINARY,
        UNKNOWN
    }

    private final Timeouts timeouts;
    private final int maxBytes;
    private final Duration total;

    public FetchUrl() {
        this(TIMEOUTS, MAX_BYTES, TOTAL);
    }

    public FetchUrl(Timeouts timeouts, int maxBytes, Duration total) {
        super(
                NAME,
                "Fetch a web page or other text by an http or https GET and return its text: an HTML page as"
                        + " readable text (tags, scripts and styles removed), other text as it is. Binary"
                        + " content is refused; at most " + ByteSize.human(maxBytes) + " is read, and up to "
                        + MAX_REDIRECTS + " redirects are followed.",
                Schema.object()
                        .required("url", "string", "The absolute http:// or https:// URL.")
                        .build());
        this.timeouts = timeouts;
        this.maxBytes = maxBytes;
        this.total = total;
    }

    @Override
    ToolPreview previewOf(Arguments arguments) {
        String url = arguments.string("url");
        check(parse(url), "");
        return plain(url, arguments);
    }

    @Override
    ToolResult run(Arguments arguments, Cancellation cancellation) throws IOException {
        URI uri = parse(arguments.string("url"));
        check(uri, "");
        long deadline = System.nanoTime() + total.toNanos();
        for (int redirects = 0; ; redirects++) {
            if (cancellation.isCancelled()) {
                return ToolResult.error("cancelled");
            }
            try {
                HttpTransport transport =
                        new HttpTransport(new OllamaHost(origin(uri)), timeouts, HttpSettings.DEFAULT);
                try (HttpCall call = transport.open(uri, "GET", Map.of("Accept", ACCEPT), null, cancellation)) {
                    int status = call.status();
                    if (REDIRECTS.contains(status)) {
                        String location = call.header("location");
                        if (location == null || location.isBlank()) {
                            throw new ToolFailure("HTTP " + status + " from " + shown(uri) + " without a Location");
                        }
                        if (redirects == MAX_REDIRECTS) {
                            throw new ToolFailure("more than " + MAX_REDIRECTS + " redirects from "
                                    + Arguments.shown(arguments.string("url")) + ": not followed further");
                        }
                        uri = next(uri, location);
                        continue;
                    }
                    return answer(call, uri, redirects, deadline, cancellation);
                }
            } catch (JollamaException e) {
                if (e instanceof ToolFailure f) {
                    throw f;
                }
                return ToolResult.error(describe(e, uri, cancellation));
            }
        }
    }

    private ToolResult answer(HttpCall call, URI uri, int redirects, long deadline, Cancellation cancellation) {
        int status = call.status();
        String type = call.header("content-type");
        Kind kind = kind(type);
        boolean ok = status / 100 == 2;
        String failed = "HTTP " + status + " from " + shown(uri);
        if (kind == Kind.BINARY) {
            return ToolResult.error(ok ? shown(uri) + " is " + mime(type) + ", not text: not fetched" : failed);
        }
        // Of an error page, enough to say what the server said.
        Body body = read(call, ok ? maxBytes : 16 * 1024, deadline, cancellation);
        if (kind == Kind.UNKNOWN) {
            kind = Binary.looksBinary(body.bytes, body.bytes.length) ? Kind.BINARY : sniff(body.bytes);
        }
        if (kind == Kind.BINARY) {
            return ToolResult.error(ok ? shown(uri) + " is binary, not text: not fetched" : failed);
        }
        String decoded = new String(body.bytes, charset(type));
        String text = kind == Kind.HTML ? HtmlText.of(decoded) : decoded;
        if (!ok) {
            return ToolResult.error(failed + (text.isBlank() ? "" : ":\n" + Arguments.shown(text, 2000)));
        }
        StringBuilder out = new StringBuilder(text);
        if (body.cut) {
            TextFiles.appendNote(out, "cut: only the first " + ByteSize.human(maxBytes) + " of the page was read");
        }
        if (redirects > 0) {
            TextFiles.appendNote(out, "fetched from " + shown(uri) + " after " + redirects + " redirect(s)");
        }
        if (text.isEmpty()) {
            TextFiles.appendNote(out, shown(uri) + " has no text");
        }
        return ToolResult.ok(out.toString());
    }

    private record Body(byte[] bytes, boolean cut) {}

    private Body read(HttpCall call, int max, long deadline, Cancellation cancellation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        InputStream in = call.body();
        try {
            int n;
            while ((n = in.read(buffer, 0, Math.min(buffer.length, max + 1 - out.size()))) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > max) {
                    byte[] bytes = out.toByteArray();
                    return new Body(java.util.Arrays.copyOf(bytes, ReadFile.utf8Boundary(bytes, max)), true);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new ToolFailure(
                            "the server took longer than " + Durations.human(total) + " to send the page: stopped");
                }
            }
        } catch (IOException e) {
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
            throw new ToolFailure(
                    e instanceof SocketTimeoutException
                            ? "the server sent nothing for " + Durations.human(timeouts.idle()) + ": stopped"
                            : "the connection broke while the page was read: " + e.getMessage());
        }
        return new Body(out.toByteArray(), false);
    }

    private static URI parse(String url) {
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ToolFailure("not a valid URL: " + Arguments.shown(url) + " (" + e.getReason() + ")");
        }
    }

    /** Refuses anything but an absolute http or https URL without credentials. */
    private static URI check(URI uri, String how) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ToolFailure(how + "only http:// and https:// URLs are fetched: " + shown(uri) + " is refused");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ToolFailure(how + "the URL " + shown(uri) + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ToolFailure(how + "the URL " + shown(uri) + " has a user name or password in it: refused");
        }
        return uri;
    }

    private static URI next(URI from, String location) {
        URI to;
        try {
            to = from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ToolFailure("redirected by " + shown(from) + " to an invalid URL: " + Arguments.shown(location));
        }
        return check(to, "redirected by " + shown(from) + ": ");
    }

    private static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static String shown(URI uri) {
        return Arguments.shown(uri.toString());
    }

    private static Kind kind(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Kind.UNKNOWN;
        }
        String mime = mime(contentType);
        if (mime.equals("text/html") || mime.equals("application/xhtml+xml")) {
            return Kind.HTML;
        }
        if (mime.startsWith("text/")
                || mime.endsWith("+json")
                || mime.endsWith("+xml")
                || Set.of(
                                "application/json",
                                "application/xml",
                                "application/javascript",
                                "application/x-javascript",
                                "application/ecmascript",
                                "application/yaml",
                                "application/x-yaml",
                                "application/toml",
                                "application/x-sh",
                                "application/sql",
                                "application/graphql",
                                "application/x-ndjson")
                        .contains(mime)) {
            return Kind.TEXT;
        }
        return mime.isEmpty() ? Kind.UNKNOWN : Kind.BINARY;
    }

    private static String mime(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static Kind sniff(byte[] bytes) {
        String start = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1)
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") ? Kind.HTML : Kind.TEXT;
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String p = parameter.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    String name =
                            p.substring(8).replace("\"", "").replace("'", "").strip();
                    try {
                        return Charset.forName(name);
                    } catch (RuntimeException e) {
                        break; // unknown: UTF-8, with malformed bytes shown as U+FFFD
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** A transport failure told of a web server, not of an Ollama daemon. */
    private String describe(JollamaException e, URI uri, Cancellation cancellation) {
        String where = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        if (e instanceof CancelledException || cancellation.isCancelled()) {
            return "cancelled";
        }
        if (e instanceof TlsFailureException) {
            return "TLS with " + where + " failed: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        if (e instanceof DaemonUnreachableException u) {
            return switch (u.reason()) {
                case REFUSED -> "connection refused by " + where;
                case DROPPED -> where + " closed the connection without answering";
                case CONNECT_TIMEOUT -> "no connection to " + where + " within " + Durations.human(timeouts.connect());
                case UNKNOWN_HOST -> "cannot find the host " + uri.getHost();
                case OTHER -> where + " did not answer in HTTP";
            };
        }
        if (e.getCause() instanceof SocketTimeoutException) {
            return where + " did not answer in time";
        }
        return "fetching " + shown(uri) + " failed: " + e.getMessage();
    }
}
