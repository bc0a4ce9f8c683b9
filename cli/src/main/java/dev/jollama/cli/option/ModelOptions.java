package dev.jollama.cli.option;

import dev.jollama.core.client.ModelRequest;
import dev.jollama.core.daemon.ThinkValue;
import dev.jollama.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
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
            arity = "0..1",
            paramLabel = "LEVEL",
            preprocessor = BareThink.class,
            completionCandidates = ThinkLevels.class,
            description = "Thinking on (bare --think), or a level: --think=low|medium|high|max (gpt-oss takes only"
                    + " levels; OpenAI-compatible engines get it as reasoning_effort).")
    public String think;

    @Option(names = "--no-think", description = "Thinking off, for models that can think.")
    public boolean noThink;

    /**
     * A bare {@code --think} is "on": only {@code --think=LEVEL} takes a value, so that {@code --think
     * qwen3 …} does not read the model as a level.
     */
    static final class BareThink implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec arg, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("true");
            }
            return false;
        }
    }

    /** The levels --think=LEVEL takes, for completion. */
    static final class ThinkLevels extends ArrayList<String> {
        ThinkLevels() {
            super(ThinkValue.LEVELS);
        }
    }

    /** What --think and --no-think ask for: a Boolean, a level, or null for the model's default. */
    public Object thinkValue() {
        if (noThink) {
            if (think != null) {
                throw new InvalidInputException("--think and --no-think say opposite things: give one");
            }
            return Boolean.FALSE;
        }
        return think == null ? null : ThinkValue.parse(think, "--think");
    }

    @Option(
            names = "--keep-alive",
            paramLabel = "DURATION",
            description = "How long the model stays loaded: 5m, 1h, 0, -1.")
    public String keepAlive;

    @Option(
            names = "--truncate",
            description = "Let Ollama cut the start of an input longer than the model's context, as it does unasked;"
                    + " without it such an input is an error saying what would fit (exit 2). Config: \"truncate\".")
    public boolean truncate;

    @Option(
            names = "--plain",
            description = "On a terminal, show the answer as written instead of rendering its markdown.")
    public boolean plain;

    /** These options over MODEL|PROFILE (null: the default profile). */
    public ModelRequest request(String modelOrProfile) {
        return new ModelRequest(
                modelOrProfile, system, options, format, thinkValue(), keepAlive, truncate ? Boolean.TRUE : null);
    }

    /** True when any option that changes the request was given. */
    public boolean any() {
        return system != null
                || !options.isEmpty()
                || format != null
                || think != null
                || noThink
                || keepAlive != null
                || truncate;
    }
}
