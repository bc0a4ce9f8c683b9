package dev.jollama.cli.repl;

import dev.jollama.core.tools.ToolSet;
import java.util.List;

/** The tools a chat starts with ({@code -T}, the profile's), what runs without asking, how far it may go. */
public record ChatTools(ToolSet set, List<String> allow, int maxSteps) {}
