package dev.jollama.cli.completion;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Values that change after a completion script is written: installed models, profiles, saved chats,
 * the tools (built-in ones, and the configured MCP servers' {@code SERVER__} prefixes).
 * A script asks {@code jollama __complete KIND…} for them at the moment of completing.
 */
public enum DynamicValues {
    MODELS,
    PROFILES,
    SESSIONS,
    TOOLS;

    /** The word for {@code jollama __complete}: models, profiles, sessions. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * For an argument's {@code completionCandidates}: names the kinds of value it takes. Iterates over
     * nothing, so that Picocli never writes values of the moment into a script.
     */
    public abstract static class Marker implements Iterable<String> {
        private final List<DynamicValues> kinds;

        Marker(DynamicValues... kinds) {
            this.kinds = List.of(kinds);
        }

        public List<DynamicValues> kinds() {
            return kinds;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }
    }

    /** A model tag or a profile name: every command that takes a model takes a profile too. */
    public static final class ModelOrProfile extends Marker {
        public ModelOrProfile() {
            super(MODELS, PROFILES);
        }
    }

    public static final class Profile extends Marker {
        public Profile() {
            super(PROFILES);
        }
    }

    public static final class Tool extends Marker {
        public Tool() {
            super(TOOLS);
        }
    }

    public static final class Session extends Marker {
        public Session() {
            super(SESSIONS);
        }
    }
}
