package dev.jollama.core.http;

import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.NotTheEngineException;
import dev.jollama.core.error.SignInRequiredException;
import dev.jollama.core.text.Excerpt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an engine's answer with a status other than 2xx becomes a typed exception carrying the engine's
 * own text: one mapping for Ollama's API and the OpenAI-compatible one, given what differs between them.
 *
 * @param engine who the messages say spoke ("Ollama"); null when the engine is known by its address
 *     alone, which then speaks, and the note on a refused key need not name it again
 * @param host the address the requests go to
 * @param apiKey the key sent with each request, or null
 * @param missingKeyAdvice what to do when the engine wants a key and none was sent
 * @param redirectAdvice what to do about a redirect, which is never followed; null: a redirect is
 *     reported like any other error status
 * @param unknownPathNote jollama's words after the engine's on a 404 that is not about a model ("")
 * @param errorText the engine's own words in an error body; empty when the body holds none (not JSON,
 *     or another shape), and then the body is shown as it is, shortened
 * @param missingModel what a 404 for a model means, given the engine's words
 * @param notTheEngine what an answer the engine never gives (an HTML page) means, after "http://… answered
 *     HTTP 404 with text/html: ": that this is not the engine, and what to do
 * @param signIn what a 401 means when it is not about the key: Ollama's answer for a cloud model while the
 *     daemon is not signed in to ollama.com
 */
public record ErrorStatus(
        String engine,
        OllamaHost host,
        ApiKey apiKey,
        String missingKeyAdvice,
        String redirectAdvice,
        String unknownPathNote,
        Function<String, Optional<String>> errorText,
        MissingModel missingModel,
        String notTheEngine,
        SignIn signIn) {

    /** Error bodies are read up to this much: enough for any engine's words, not for a runaway proxy. */
    private static final int MAX_ERROR_BYTES = 1024 * 1024;

    /**
     * Ollama's words when tools are offered to a model without the capability: "{@code <its full name>}
     * does not support tools", the same through its /v1 API.
     */
    private static final String NO_TOOLS = "does not support tools";

    /** Tells a 401 that asks to sign in to ollama.com from one about the key. */
    @FunctionalInterface
    public interface SignIn {
        /** The exception for a 401 when {@code model} (or null) was asked for and {@code body} came back; empty: the key. */
        Optional<SignInRequiredException> of(String model, String body);
    }

    /** Tells a 404 about the requested model from one about the path. */
    @FunctionalInterface
    public interface MissingModel {
        /** The exception for a 404 when {@code model} was asked for; empty when the 404 is about something else. */
        Optional<ModelNotFoundException> of(String model, String engineText);
    }

    /**
     * Returns {@code call} when its status is 2xx; otherwise closes it and throws the status as a typed
     * exception. {@code model}: the model the request names, or null.
     */
    public HttpCall check(HttpCall call, String model) {
        int status = call.status();
        if (status / 100 == 2 && !isHtml(call, "")) {
            return call;
        }
        if (status / 100 == 2) {
            try (call) {
                throw foreign(call, status);
            }
        }
        try (call) {
            throw exception(call, status, model);
        }
    }

    private JollamaException exception(HttpCall call, int status, String model) {
        String speaker = engine != null ? engine : host.toString();
        if (status / 100 == 3 && redirectAdvice != null) {
            return new DaemonErrorException(
                    status,
                    speaker,
                    "HTTP " + status + " redirect to " + call.header("Location") + " (not followed): " + redirectAdvice,
                    "");
        }
        String raw = readBody(call);
        Optional<String> engineText = errorText.apply(raw);
        if (engineText.isEmpty() && isHtml(call, raw)) {
            return foreign(call, status);
        }
        String text = engineText.orElseGet(() -> shown(raw, status));
        if (status == 401) {
            Optional<SignInRequiredException> signInFirst = signIn.of(model, raw);
            if (signInFirst.isPresent()) {
                return signInFirst.get();
            }
        }
        if (status == 400 && model != null && text.contains(NO_TOOLS)) {
            return noTools(model);
        }
        if (status == 404 && model != null) {
            Optional<ModelNotFoundException> missing = missingModel.of(model, text);
            if (missing.isPresent()) {
                return missing.get();
            }
        }
        if (status == 401 || status == 403) {
            String key = apiKey == null ? missingKeyAdvice : "the key in " + apiKey.source() + " was refused";
            String from = engine != null && !engine.contains(host.toString()) ? " from " + host : "";
            return new DaemonErrorException(status, speaker, text, " (HTTP " + status + from + ": " + key + ")");
        }
        return new DaemonErrorException(status, speaker, text, status == 404 ? unknownPathNote : "");
    }

    /** A usage error, not the daemon's failure: the user picks another model (exit code 2). */
    private static InvalidInputException noTools(String model) {
        return new InvalidInputException("model " + Excerpt.of(model)
                + " does not support tools: choose a model with the tools capability (jollama show "
                + Excerpt.of(model) + ")");
    }

    private static String readBody(HttpCall call) {
        try {
            // Read whole, so within the idle timeout of its start; what is past the limit is not needed.
            return new String(call.wholeBody(MAX_ERROR_BYTES + 1L).readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** A proxy's plain text, or a very old daemon's: shown as it is, on one line, shortened. */
    private static String shown(String raw, int status) {
        if (raw.isEmpty()) {
            return "HTTP " + status;
        }
        return Excerpt.of(raw.replaceAll("\\s+", " "), Excerpt.DAEMON_TEXT);
    }

    /**
     * A web page: no engine answers its API with one, whatever the status. A web server or a proxy's
     * error page says it by its content type, or by its first tag when it sends none.
     */
    private static boolean isHtml(HttpCall call, String body) {
        String type = mediaType(call);
        if (type != null) {
            return type.equals("text/html") || type.equals("application/xhtml+xml");
        }
        String start = body.substring(0, Math.min(body.length(), 15)).toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static String mediaType(HttpCall call) {
        String type = call.header("Content-Type");
        if (type == null || type.isBlank()) {
            return null;
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** One line for a page where the engine's answer should be: who answered, with what, and what to do. */
    private NotTheEngineException foreign(HttpCall call, int status) {
        String type = mediaType(call);
        return new NotTheEngineException(
                host.uri(),
                host + " answered HTTP " + status + " with " + (type == null ? "an HTML page" : type) + ": "
                        + notTheEngine);
    }
}
