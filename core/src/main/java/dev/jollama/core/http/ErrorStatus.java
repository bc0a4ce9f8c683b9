package dev.jollama.core.http;

import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.SignInRequiredException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        SignIn signIn) {

    /** Error bodies are read up to this much: enough for any engine's words, not for a runaway proxy. */
    private static final int MAX_ERROR_BYTES = 1024 * 1024;

    private static final int SHOWN_CHARS = 200;

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
        if (status / 100 == 2) {
            return call;
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
        String text = shownError(call, raw);
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
            String from = engine != null ? " from " + host : "";
            return new DaemonErrorException(status, speaker, text, " (HTTP " + status + from + ": " + key + ")");
        }
        return new DaemonErrorException(status, speaker, text, status == 404 ? unknownPathNote : "");
    }

    /** A usage error, not the daemon's failure: the user picks another model (exit code 2). */
    private static InvalidInputException noTools(String model) {
        return new InvalidInputException("model " + model + " does not support tools: choose a model with the tools"
                + " capability (jollama show " + model + ")");
    }

    private static String readBody(HttpCall call) {
        try {
            return new String(call.body().readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private String shownError(HttpCall call, String raw) {
        Optional<String> text = errorText.apply(raw);
        if (text.isPresent()) {
            return text.get();
        }
        // A proxy's HTML or plain text, or a very old daemon's: shown as it is, shortened.
        if (raw.isEmpty()) {
            return "HTTP " + call.status();
        }
        return raw.length() <= SHOWN_CHARS ? raw : raw.substring(0, SHOWN_CHARS) + "…";
    }
}
