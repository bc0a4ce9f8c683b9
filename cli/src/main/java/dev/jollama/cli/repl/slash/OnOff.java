package dev.jollama.cli.repl.slash;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code on}/{@code off} (and true/false, yes/no) for the switches of the chat. */
final class OnOff implements ITypeConverter<Boolean> {

    @Override
    public Boolean convert(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new TypeConversionException("'" + value + "' is not on or off");
        };
    }

    /** {@code /COMMAND on|off}'s word as true or false; null, after an error line, when it is neither. */
    static Boolean read(SlashContext context, String command, String word) {
        try {
            return new OnOff().convert(word);
        } catch (TypeConversionException e) {
            context.error("/" + command + " takes on or off, not '" + word + "' (/help " + command + ")");
            return null;
        }
    }

    /** What Tab offers. */
    static final class Values implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("on", "off").iterator();
        }
    }
}
