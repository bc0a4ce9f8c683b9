package dev.jollama.core.fit;

import dev.jollama.core.error.InvalidInputException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * A model reference as Ollama reads it: {@code [host/][namespace/]model[:tag]}, defaults
 * {@code registry.ollama.ai}, {@code library}, {@code latest}. A first part with a dot, a colon or
 * {@code localhost} is a host ({@code hf.co/owner/repo:Q4_K_M}).
 *
 * @param host null when the name has none: the registry in use then decides
 */
public record ModelName(String host, String namespace, String model, String tag) {

    public static final String DEFAULT_HOST = "registry.ollama.ai";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public static ModelName parse(String reference) {
        String s = reference.strip();
        String tag = "latest";
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
        }
        String[] parts = s.split("/", -1);
        String host = null;
        String namespace = "library";
        String model;
        int first = 0;
        if (parts.length >= 2 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            host = parts[0];
            first = 1;
        }
        int left = parts.length - first;
        if (left == 1) {
            model = parts[first];
        } else if (left == 2) {
            namespace = parts[first];
            model = parts[first + 1];
        } else {
            throw new InvalidInputException("'" + reference + "' is not a model name: [host/][namespace/]model[:tag]");
        }
        for (String part : new String[] {namespace, model, tag}) {
            if (!PART.matcher(part).matches()) {
                throw new InvalidInputException(
                        "'" + reference + "' is not a model name: [host/][namespace/]model[:tag]");
            }
        }
        return new ModelName(host, namespace, model, tag);
    }

    /** The registry's base address for this name: its own host over https, else {@code registry}. */
    public URI registry(URI configured) {
        if (host != null) {
            return URI.create("https://" + host);
        }
        return configured != null ? configured : URI.create("https://" + DEFAULT_HOST);
    }

    public String path() {
        return "/v2/" + namespace + "/" + model;
    }

    @Override
    public String toString() {
        return (host != null ? host + "/" : "") + (namespace.equals("library") ? "" : namespace + "/") + model + ":"
                + tag;
    }
}
