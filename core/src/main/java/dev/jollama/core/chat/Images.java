package dev.jollama.core.chat;

import dev.jollama.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Image files for vision models, as the base64 strings Ollama expects. */
public final class Images {

    private Images() {}

    public static List<String> read(List<Path> files) {
        List<String> encoded = new ArrayList<>();
        for (Path file : files) {
            try {
                encoded.add(Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new InvalidInputException("cannot read image " + file + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        return encoded;
    }
}
