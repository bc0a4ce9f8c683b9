package dev.jollama.cli.repl.slash;

import dev.jollama.core.chat.ChatSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the user set by hand in this chat ({@code /set KEY VALUE}, {@code /system}): a profile chosen
 * later ({@code /profile}, {@code /model PROFILE}) brings its model and its other settings, and these
 * stay as typed. A chat loaded from disk ({@code /load}) starts with none.
 */
final class ByHand {

    private final Set<String> options = new LinkedHashSet<>();
    private boolean system;

    void option(String key) {
        options.add(key);
    }

    void system() {
        system = true;
    }

    void forget() {
        options.clear();
        system = false;
    }

    /** {@code next} with the values typed by hand taken from {@code current}, and what they were. */
    Kept over(ChatSettings next, ChatSettings current) {
        List<String> kept = new ArrayList<>();
        ChatSettings out = next;
        if (system) {
            out = out.withSystem(current.system());
            kept.add("the system prompt");
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        for (String key : options) {
            Object value = current.options().get(key);
            if (value != null) {
                typed.put(key, value);
                kept.add(key + " " + value);
            }
        }
        return new Kept(out.withOptions(typed), kept);
    }

    /** The settings to switch to, and the names of what was typed by hand and kept over the profile's. */
    record Kept(ChatSettings settings, List<String> names) {
        /** "; kept what you set in this chat over the profile's: the system prompt, temperature 0.2", or "". */
        String said() {
            return names.isEmpty()
                    ? ""
                    : "; kept what you set in this chat over the profile's: " + String.join(", ", names);
        }
    }
}
