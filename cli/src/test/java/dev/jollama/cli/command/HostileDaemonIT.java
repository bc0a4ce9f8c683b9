package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.RawPeer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What README and docs/security.md promise of a hostile daemon or input, through the command line: one
 * line on stderr and a documented exit code, never a JVM trace without --verbose, never a hang.
 */
class HostileDaemonIT {

    @TempDir
    Path home;

    /** stdin that fails as a JVM out of memory does: an Error, not an exception. */
    private static final class ExhaustedInput extends InputStream {
        @Override
        public int read() {
            throw new OutOfMemoryError("Java heap space");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private static Result within(CliRunner cli, String... args) throws Exception {
        return CompletableFuture.supplyAsync(() -> cli.run(args)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void anOutOfMemoryErrorIsOneLineAndExitOneWithTheTraceOnlyWithVerbose() {
        try (FakeOllama fake = FakeOllama.start()) {
            Result r = new CliRunner(home)
                    .host(fake.url())
                    .stdin(new ExhaustedInput())
                    .run("run", "llama3.2");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err())
                    .isEqualTo("jollama: out of memory (Java heap space): the JVM's heap was too small for this input"
                            + " or answer; JAVA_TOOL_OPTIONS=-Xmx2g gives it more\n");

            Result verbose = new CliRunner(home)
                    .host(fake.url())
                    .stdin(new ExhaustedInput())
                    .run("run", "-v", "llama3.2");
            assertThat(verbose.exitCode()).isEqualTo(1);
            assertThat(verbose.err())
                    .contains("java.lang.OutOfMemoryError: Java heap space")
                    .contains("\tat ");
        }
    }

    @Test
    void aModelNameOfAHundredThousandCharactersIsQuotedShort() {
        String name = "m".repeat(100_000);
        try (FakeOllama fake = FakeOllama.start()) {
            Result r = new CliRunner(home).host(fake.url()).run("run", name, "hi");

            assertThat(r.exitCode()).isEqualTo(2); // no model is named like that: it is not a model name
            assertThat(r.err()).contains("…(99800 more)").hasLineCount(1);
            assertThat(r.err().length()).isLessThan(1000);
        }
    }

    @Test
    void headersTrickledAByteASecondEndAtTheFirstByteTimeoutWithOneLine() throws Exception {
        String answer =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n" + "{\"models\":[]}";
        try (RawPeer peer = RawPeer.start((request, out) -> RawPeer.trickle(out, answer, 1000))) {
            CliRunner cli = new CliRunner(home).host(peer.url());
            cli.writeConfig("{\"timeouts\": {\"firstByte\": \"2s\"}}");

            Result r = within(cli, "list");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err())
                    .isEqualTo("jollama: Ollama at " + peer.url() + " did not answer within 2s (first-byte timeout;"
                            + " raise timeouts.firstByte in the config)\n");
        }
    }

    @Test
    void aModelListLargerThanItsCapExitsOneNamingTheCapAndTheAddress() throws Exception {
        byte[] mebibyte = ("{\"name\":\"m\"},".repeat((1 << 20) / 13)).getBytes(StandardCharsets.US_ASCII);
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"models\":["
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10_000; i++) { // 10 GB, if anything read it all
                out.write(mebibyte);
            }
        })) {
            Result r = within(new CliRunner(home).host(peer.url()), "list");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err())
                    .isEqualTo("jollama: the answer to GET " + peer.url() + "/api/tags is larger than 16 MiB, more than"
                            + " jollama reads of such an answer (docs/reliability.md)\n");
        }
    }
}
