package dev.jollama.cli.repl;

/** "on" and "off" as typed after /stats and /think. */
final class OnOff {

    private OnOff() {}

    static Boolean parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> null;
        };
    }
}
