package dev.jollama.cli.tools;

import dev.jollama.cli.Services;
import dev.jollama.cli.option.ToolOptions;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.tools.ToolLoop;
import dev.jollama.core.tools.ToolSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tools a command offers — those of {@code -T} and the profile's {@code "tools"} — with what runs
 * without asking ({@code --allow} and the profile's {@code "allow"}) and how far the loop may go: the
 * one resolution run, chat and batch share.
 */
public record EnabledTools(ToolSet set, List<String> allow, int maxSteps) {

    /**
     * The tools of these options (null: none given) and the request's profile, checked against the
     * model before anything is sent; null when no tool is asked for.
     */
    public static EnabledTools of(
            ToolOptions options,
            Services services,
            ChatSettings settings,
            OllamaDaemon daemon,
            Consumer<String> warnings) {
        Profile profile =
                settings.profile() == null ? null : services.config().profiles().get(settings.profile());
        List<String> patterns = new ArrayList<>(options == null ? List.of() : options.tools);
        List<String> allow = new ArrayList<>(options == null ? List.of() : options.allow);
        if (profile != null) {
            patterns.addAll(profile.tools());
            allow.addAll(profile.allow());
        }
        if (patterns.isEmpty()) {
            if (!allow.isEmpty()) {
                warnings.accept("--allow lets a tool run, but no tool is offered: give -T NAME too");
            }
            return null;
        }
        ToolSet set = ToolSet.enable(
                patterns,
                services.client()
                        .toolSource(
                                options == null ? null : options.workspace,
                                options == null ? null : options.mcpConfig));
        ToolLoop.requireToolsCapability(daemon, settings.model());
        return new EnabledTools(set, allow, options == null ? ToolOptions.DEFAULT_MAX_STEPS : options.maxSteps);
    }
}
