package dev.jollama.cli.command;

import dev.jollama.cli.Services;
import dev.jollama.cli.completion.DynamicValues;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The values a completion script cannot know when it is written, one per line. A shell waits for it
 * at every Tab, so it is bounded in time and says nothing but the values: a daemon that is down, slow
 * or broken, or a broken config, gives no values and exit 0.
 */
@Command(name = "__complete", hidden = true, description = "Values for the shell completion scripts.")
public final class CompletionValuesCommand implements Runnable {

    /** The whole wait for the daemon's models: a Tab that hangs is worse than one that offers less. */
    static final Duration MODELS_BOUND = Duration.ofMillis(800);

    @ParentCommand
    JollamaCommand root;

    // Words, not an enum: a kind this version does not know (a newer script) gives nothing, not an error.
    @Parameters(arity = "1..*", paramLabel = "KIND", description = "models, profiles or sessions.")
    List<String> kinds = new ArrayList<>();

    @Override
    public void run() {
        Services services = root.services();
        Set<String> values = new LinkedHashSet<>();
        for (String kind : kinds) {
            for (DynamicValues k : DynamicValues.values()) {
                if (k.word().equals(kind)) {
                    values.addAll(quietly(() -> values(k, services)));
                }
            }
        }
        PrintWriter out = root.spec.commandLine().getOut();
        values.forEach(out::println);
        out.flush();
    }

    private static List<String> values(DynamicValues kind, Services services) throws Exception {
        return switch (kind) {
            case PROFILES -> List.copyOf(services.config().profiles().keySet());
            case SESSIONS -> services.client().chatNames();
            case MODELS -> models(services);
            case TOOLS -> services.client().toolNames();
        };
    }

    /** What the daemon has installed, within {@link #MODELS_BOUND}: see {@code Jollama#modelNamesWithin}. */
    private static List<String> models(Services services) throws Exception {
        return services.client().modelNamesWithin(MODELS_BOUND);
    }

    private interface Source {
        List<String> get() throws Exception;
    }

    private static List<String> quietly(Source source) {
        try {
            return source.get();
        } catch (Exception e) {
            return List.of();
        }
    }
}
