package dev.jollama.cli;

/** The options every command takes, as parsed: null or false when not given. */
public record GlobalOptions(
        String host, String config, boolean noColour, boolean raw, boolean verbose, String api, boolean insecure) {

    /** No global option given. */
    public static final GlobalOptions NONE = new GlobalOptions(null, null, false, false, false);

    public GlobalOptions(String host, String config, boolean noColour, boolean raw, boolean verbose) {
        this(host, config, noColour, raw, verbose, null, false);
    }
}
