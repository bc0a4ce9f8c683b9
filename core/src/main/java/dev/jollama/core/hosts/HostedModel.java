package dev.jollama.core.hosts;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jollama.core.daemon.InstalledModel;

/** A model and the host that has it: a row of {@code list}, and in {@code --json} its fields plus "host". */
public record HostedModel(String host, @JsonUnwrapped InstalledModel model) {}
