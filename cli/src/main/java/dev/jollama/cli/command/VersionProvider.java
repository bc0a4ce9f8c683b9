package dev.jollama.cli.command;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest: no files, no network, nothing else loaded. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"jollama " + (version == null ? "dev" : version)};
    }
}
