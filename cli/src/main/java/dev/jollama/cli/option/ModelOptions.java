package dev.jollama.cli.option;

import dev.jollama.core.client.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What may be said about the model's request on the command line, the same for {@code run} and
 * {@code chat}: system prompt, options, format, thinking, keep-alive, and how the answer is shown.
 * The merge over the profile is {@link ModelRequest}'s, in core.
 */
public final class ModelOptions {

    @Option(
            names = {"-s", "--system"},
            paramLabel = "TEXT",
            description = "System prompt (replaces the profile's).")
    public String system;

    @Option(
            names = {"-o", "--option"},
            paramLabel = "KEY=VALUE",
            description = "Model option, repeatable: temperature=0.2, num_ctx=8192, stop=END (stop may repeat).")
    public List<String> options = new ArrayList<>();

    @Option(names = "--format", paramLabel = "json|@FILE", description = "Structured output: json, or @schema.json.")
    public String format;

    @Option(
            names = "--think",
            negatable = true,
            description = "Turn thinking on (--no-think: off) for thinking models.")
    public Boolean think;

    @Option(
            names = "--keep-alive",
            paramLabel = "DURATION",
            description = "How long the model stays loaded: 5m, 1h, 0, -1.")
    public String keepAlive;

    @Option(
            names = "--plain",
            description = "On a terminal, show the answer as written instead of rendering its markdown.")
    public boolean plain;

    /** These options over MODEL|PROFILE (null: the default profile). */
    public ModelRequest request(String modelOrProfile) {
        return new ModelRequest(modelOrProfile, system, options, format, think, keepAlive);
    }

    /** True when any option that changes the request was given. */
    public boolean any() {
        return system != null || !options.isEmpty() || format != null || think != null || keepAlive != null;
    }
}
