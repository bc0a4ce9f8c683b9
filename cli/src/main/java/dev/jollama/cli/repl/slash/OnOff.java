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

    /** What Tab offers. */
    static final class Values implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("on", "off").iterator();
        }
    }
}
