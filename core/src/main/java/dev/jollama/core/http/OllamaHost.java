package dev.jollama.core.http;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.Excerpt;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The daemon's base address, read from {@code OLLAMA_HOST} or {@code --host} with the same rules as
 * the official Ollama client, so that one environment variable means the same daemon for both.
 */
public record OllamaHost(URI uri, Credentials credentials) {

    /**
     * {@code user:password} written in the address ({@code http://user:pass@host}): sent as
     * {@code Authorization: Basic}, never part of {@link #uri} (so never in a Host header, a message or
     * a trace), and its {@link #toString()} never shows the password.
     */
    public record Credentials(String user, String password) {

        /** The header value, for the request and nothing else. */
        String authorization() {
            return "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic <redacted: user '" + user + "', from the address>";
        }
    }

    public OllamaHost(URI uri) {
        this(uri, null);
    }

    public static final int DEFAULT_PORT = 11434;
    public static final OllamaHost DEFAULT = parse("");

    /**
     * Parses a host the way Ollama's {@code envconfig.Host()} does: surrounding blanks and quotes are
     * ignored; without a scheme it is http on port 11434 — but {@code ollama.com} alone is
     * {@code https://ollama.com:443}, as Ollama's own client reads it; {@code http://} defaults to port 80 and
     * {@code https://} to 443; a path is kept as a prefix. Unlike it, a port that is not 1–65535 is an
     * error rather than a silent fall-back to the default.
     */
    public static OllamaHost parse(String raw) {
        String s = raw == null ? "" : raw.strip();
        Credentials credentials = null;
        int at = s.lastIndexOf('@', pathStart(s));
        if (at >= 0) {
            int start = s.indexOf("://") >= 0 ? s.indexOf("://") + 3 : 0;
            credentials = credentials(s.substring(start, at), raw);
            s = s.substring(0, start) + s.substring(at + 1);
            raw = redacted(raw);
        }
        s = trimQuotes(s).strip();
        String scheme = "http";
        String defaultPort = String.valueOf(DEFAULT_PORT);
        String hostPort = s;
        int sep = s.indexOf("://");
        if (sep >= 0) {
            scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            hostPort = s.substring(sep + 3);
            if (scheme.equals("http")) {
                defaultPort = "80";
            } else if (scheme.equals("https")) {
                defaultPort = "443";
            } else {
                throw new InvalidConfigException("unsupported scheme '" + Excerpt.of(scheme) + "' in Ollama host '"
                        + Excerpt.of(raw) + "': use http:// or https://");
            }
        }
        if (sep < 0 && isOllamaCom(hostPort)) {
            // Ollama's envconfig.Host: ollama.com alone means its cloud, over TLS, never plain http.
            scheme = "https";
            defaultPort = "443";
        }
        String path = "";
        int slash = hostPort.indexOf('/');
        if (slash >= 0) {
            path = hostPort.substring(slash + 1);
            hostPort = hostPort.substring(0, slash);
        }
        String host;
        String port;
        String[] split = splitHostPort(hostPort);
        if (split == null) {
            host = "127.0.0.1";
            port = defaultPort;
            String bare = stripBrackets(hostPort);
            if (!hostPort.isEmpty()) {
                host = bare;
            }
        } else {
            host = split[0].isEmpty() ? "127.0.0.1" : split[0];
            port = split[1];
        }
        host = hostName(host, raw);
        if (port.isEmpty()) {
            port = defaultPort; // "host:" as Go's SplitHostPort reads it: no port given
        } else if (!validPort(port)) {
            // Ollama's client falls back to 11434 here, silently talking to another daemon than the
            // one named: a typo in a port deserves an error instead.
            throw new InvalidInputException("invalid port '" + Excerpt.of(port) + "' in Ollama host '" + Excerpt.of(raw)
                    + "': use a number from 1 to 65535, as in 127.0.0.1:11434");
        }
        String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        String prefix = path.isEmpty() ? "" : "/" + stripTrailingSlashes(path);
        try {
            return new OllamaHost(URI.create(scheme + "://" + authority + prefix), credentials);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "invalid Ollama host '" + Excerpt.of(raw) + "': " + Excerpt.of(e.getMessage()));
        }
    }

    /**
     * The host part as a connection uses it. Ollama's client takes any text here and leaves the checks to
     * Go's resolver, which looks up names of letters, digits, {@code -}, {@code .} and {@code _} (Docker
     * Compose service names such as {@code my_host}), and to its HTTP client, which sends a non-ASCII
     * name in its ASCII (punycode) form. The same names are accepted here; anything else, which Ollama's
     * client fails to reach, is a usage error now rather than a failure later.
     */
    private static String hostName(String host, String raw) {
        if (host.contains(":")) {
            return host; // an IPv6 literal: the URI checks it
        }
        String ascii;
        try {
            ascii = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw badHostName(host, raw);
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            throw badHostName(host, raw);
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_';
            if (!ok) {
                throw badHostName(host, raw);
            }
        }
        return ascii;
    }

    private static InvalidInputException badHostName(String host, String raw) {
        return new InvalidInputException("invalid host name '" + Excerpt.of(host) + "' in Ollama host '"
                + Excerpt.of(raw) + "': use a name (letters, digits, - . _), an IPv4 address or an [IPv6] address,"
                + " as in 127.0.0.1:11434");
    }

    /**
     * Where a connection goes: the name or address to resolve and the port, read from an address's
     * authority. {@link URI#getHost()} cannot be used: it is null for names it deems not Internet host
     * names, such as {@code my_host} or {@code 127.1}, which Ollama's client reaches.
     */
    public record Endpoint(String name, int port) {

        /** The endpoint of {@code target}; its port is the scheme's default when none is written. */
        public static Endpoint of(URI target) {
            String authority = target.getRawAuthority();
            if (authority == null) {
                throw new InvalidInputException("no host in '" + Excerpt.of(target.toString()) + "'");
            }
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int defaultPort = "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
            String[] split = splitHostPort(authority);
            String name;
            String port;
            if (split == null) {
                name = stripBrackets(authority);
                port = "";
            } else {
                name = split[0];
                port = split[1];
            }
            return new Endpoint(name, validPort(port) ? Integer.parseInt(port) : defaultPort);
        }
    }

    // Where the path starts (after the scheme's "//"), so an "@" in a path is not taken for credentials.
    private static int pathStart(String s) {
        int from = s.indexOf("://") >= 0 ? s.indexOf("://") + 3 : 0;
        int slash = s.indexOf('/', from);
        return slash >= 0 ? slash : s.length();
    }

    private static Credentials credentials(String userInfo, String raw) {
        int colon = userInfo.indexOf(':');
        String user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, raw);
        String password = colon >= 0 ? decode(userInfo.substring(colon + 1), raw) : "";
        for (char c : (user + password).toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidConfigException("the user or password in Ollama host '" + Excerpt.of(redacted(raw))
                        + "' holds a control character: write it percent-encoded");
            }
        }
        if (user.isEmpty()) {
            throw new InvalidConfigException(
                    "Ollama host '" + Excerpt.of(redacted(raw)) + "' has a password but no user name");
        }
        return new Credentials(user, password);
    }

    private static String decode(String text, String raw) {
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "a malformed %-escape in the user or password of Ollama host '" + Excerpt.of(redacted(raw)) + "'");
        }
    }

    /** {@code raw} with any password written in it replaced by {@code ***}: what messages may show. */
    public static String redacted(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.replaceAll("(://|^)([^/@:]*):[^/@]*@", "$1$2:***@");
    }

    /** {@code ollama.com} (or {@code ollama.com/…}) with no port: Ollama's cloud. */
    private static boolean isOllamaCom(String hostPort) {
        String host = hostPort.contains("/") ? hostPort.substring(0, hostPort.indexOf('/')) : hostPort;
        return host.equalsIgnoreCase("ollama.com") || host.equalsIgnoreCase("www.ollama.com");
    }

    public boolean isEncrypted() {
        return "https".equals(uri.getScheme());
    }

    /**
     * True when the daemon is on this machine by its address alone: {@code localhost}, 127.0.0.0/8,
     * {@code ::1}, or the any-address {@code 0.0.0.0}/{@code ::} that Linux and macOS connect to
     * locally (a common {@code OLLAMA_HOST} value, as the daemon's bind address). Names other than
     * localhost are not looked up: this must not cost a DNS query, and a name is not a promise.
     */
    public boolean isLoopback() {
        String name = Endpoint.of(uri).name().toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.equals("localhost.") || name.endsWith(".localhost")) {
            return true;
        }
        long ipv4 = ipv4(name);
        if (ipv4 >= 0) {
            return ipv4 >>> 24 == 127 || ipv4 == 0;
        }
        if (!name.contains(":")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(name); // a literal: parsed, never looked up
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * An IPv4 address written as the C library reads it, decimal parts: {@code 127.0.0.1}, or shorter as
     * {@code 127.1} (the last part fills the bytes left); -1 when {@code name} is not one.
     */
    static long ipv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 10 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            long n = Long.parseLong(p);
            boolean last = i == parts.length - 1;
            int bits = last ? 8 * (4 - i) : 8;
            if (n >= 1L << bits) {
                return -1;
            }
            value = last ? (value << bits) | n : (value << 8) | n;
        }
        return value;
    }

    /** The address of an API path such as {@code /api/tags}, below any path prefix. */
    public URI resolve(String apiPath) {
        return URI.create(uri + apiPath);
    }

    /** The address as messages show it: a path prefix of absurd length is shortened ({@link Excerpt}). */
    @Override
    public String toString() {
        return Excerpt.of(uri.toString());
    }

    // Go's net.SplitHostPort: "host:port", "[v6]:port" or ":port"; anything else is an error (null).
    private static String[] splitHostPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                return null;
            }
            return new String[] {hostPort.substring(1, close), hostPort.substring(close + 2)};
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon) {
            return null; // no port, or an unbracketed IPv6 address
        }
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 10) {
            return false;
        }
        try {
            long n = Long.parseLong(port);
            return n >= 1 && n <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String stripBrackets(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    private static String trimQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '"' || s.charAt(start) == '\'')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '"' || s.charAt(end - 1) == '\'')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
