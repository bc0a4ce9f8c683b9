package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/architecture.md's diagram names every package of the code, so it cannot fall behind it. */
class ArchitectureDocTest {

    private static List<String> packages(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> !d.equals(root))
                    .map(d -> root.relativize(d).toString().replace('/', '.'))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void theDiagramNamesEveryPackage() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "architecture.md"), StandardCharsets.UTF_8);
        String diagram =
                docs.substring(docs.indexOf("## 4. System architecture"), docs.indexOf("**One source of truth.**"));
        for (String pkg : packages(Path.of("src/main/java/dev/jollama/cli"))) {
            assertThat(diagram)
                    .as("cli." + pkg + " in docs/architecture.md")
                    .containsPattern("\\b" + last(pkg) + "\\b");
        }
        for (String pkg : packages(Path.of("../core/src/main/java/dev/jollama/core"))) {
            assertThat(diagram)
                    .as("core." + pkg + " in docs/architecture.md")
                    .containsPattern("[│ ] " + pkg.replace(".", "\\.") + ":");
        }
    }

    private static String last(String pkg) {
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }
}
