package dev.jollama.cli;

import static dev.jollama.cli.CommandResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jollama serve} and {@code "autostart"} with a stand-in {@code ollama} on PATH: a shell script
 * that records its environment and pid, then for {@code serve} becomes (exec) the in-repo fake daemon on
 * the port of OLLAMA_HOST, or a daemon that never answers, or one that exits at once.
 */
class ServeIT {

    private static final Pattern STARTED_PID = Pattern.compile("started ollama serve \\(pid (\\d+), log ");

    @TempDir
    Path home;

    private Path bin;
    private Path spawned;
    private String url;
    private final List<Process> others = new ArrayList<>();

    @BeforeEach
    void standIn() throws IOException {
        bin = Files.createDirectories(home.resolve("bin"));
        spawned = home.resolve("spawned.txt");
        url = "http://127.0.0.1:" + freePort();
        standIn("exec '" + javaBin() + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.jollama.core.fake.FakeOllama --port \"$port\"");
    }

    /** Every process the stand-in became, and any other the test started: none outlives the test. */
    @AfterEach
    void killWhatWasStarted() throws IOException {
        if (Files.exists(spawned)) {
            for (String line : Files.readAllLines(spawned)) {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
            }
        }
        others.forEach(Process::destroyForcibly);
    }

    @Test
    void serveStartsTheDaemonWithTheConfigsEnvironmentAndThenStatusSucceeds() throws Exception {
        CliRunner jollama = runner();
        jollama.writeConfig(
                """
                { "daemon": { "env": { "OLLAMA_NUM_PARALLEL": "2", "OLLAMA_KEEP_ALIVE": "10m",
                  "OLLAMA_FLASH_ATTENTION": "1", "OLLAMA_KV_CACHE_TYPE": "q8_0" } } }
                """);
        assertThat(jollama.run("status")).exitedWith(69);

        Result served = jollama.run("serve");

        assertThat(served).exitedWith(0).outEquals("");
        long pid = startedPid(served);
        Path log = home.resolve("state/jollama/ollama.log");
        assertThat(served.err())
                .isEqualTo("jollama: started ollama serve (pid " + pid + ", log " + log + "); Ollama 0.13.5 answers at "
                        + url + "\n");
        assertThat(jollama.run("status")).succeeded();
        assertThat(Files.readAllLines(home.resolve("daemon-env.txt")))
                .contains(
                        "OLLAMA_HOST=" + url,
                        "OLLAMA_NUM_PARALLEL=2",
                        "OLLAMA_KEEP_ALIVE=10m",
                        "OLLAMA_FLASH_ATTENTION=1",
                        "OLLAMA_KV_CACHE_TYPE=q8_0",
                        "HOME=" + home);
        assertThat(Files.readString(home.resolve("state/jollama/ollama.pid"))).contains("\"pid\" : " + pid);
        Awaits.until("the daemon's output in " + log, () -> read(log).contains("fake ollama listening on " + url));
        assertThat(read(log))
                .contains("stand-in ollama: serving on " + url + "\n")
                .contains("stand-in ollama: a line on stderr\n");
    }

    @Test
    void aVariableFromJollamasOwnEnvironmentWinsOverTheConfigs() throws Exception {
        CliRunner jollama = runner().env("OLLAMA_KEEP_ALIVE", "1h");
        jollama.writeConfig("{ \"daemon\": { \"env\": { \"OLLAMA_KEEP_ALIVE\": \"10m\" } } }");

        assertThat(jollama.run("serve")).exitedWith(0);

        assertThat(Files.readAllLines(home.resolve("daemon-env.txt")))
                .contains("OLLAMA_KEEP_ALIVE=1h")
                .doesNotContain("OLLAMA_KEEP_ALIVE=10m");
    }

    @Test
    void theDaemonOutlivesJollamaInASessionOfItsOwn() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads the session from /proc");
        long pid;
        try (JollamaProcess serve = JollamaProcess.start(home, processEnv(), "serve")) {
            assertThat(serve.awaitExit(Duration.ofSeconds(60)))
                    .as("jollama serve exit code; stderr: %s", serve.err())
                    .isZero();
            pid = Long.parseLong(matcher(STARTED_PID, serve.err()).group(1));
        }

        assertThat(runner().run("status")).succeeded(); // jollama is gone, the daemon answers
        // A terminal's Ctrl-C and hang-up go to the processes of its session: the daemon is in none.
        assertThat(session(pid)).as("the daemon's session").isEqualTo(pid);
        assertThat(session(pid)).isNotEqualTo(session(ProcessHandle.current().pid()));
    }

    @Test
    void aServeInterruptedWhileWaitingLeavesTheDaemonFindableAndTheNextServeWaitsForIt() throws Exception {
        standIn("sleep 2; exec '" + javaBin() + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.jollama.core.fake.FakeOllama --port \"$port\"");
        Path pidFile = home.resolve("state/jollama/ollama.pid");
        try (JollamaProcess serve = JollamaProcess.start(home, processEnv(), "serve")) {
            Awaits.until("the pid file", () -> Files.exists(pidFile));
            serve.signal("INT");
            assertThat(serve.awaitExit(Duration.ofSeconds(20))).isEqualTo(130);
        }
        long pid = Long.parseLong(Files.readAllLines(spawned).get(0).strip());

        Result again = runner().run("serve");

        assertThat(again)
                .exitedWith(0)
                .errEquals("jollama: Ollama 0.13.5 already answers at " + url + ": nothing started (jollama started"
                        + " it: pid " + pid + ")\n");
        assertThat(Files.readAllLines(spawned)).as("stand-ins started").hasSize(1);
        assertThat(runner().run("serve", "--stop"))
                .exitedWith(0)
                .errEquals("jollama: stopped ollama serve (pid " + pid + ")\n");
    }

    @Test
    void stopStopsTheDaemonJollamaStartedAndStatusThenExits69() throws Exception {
        CliRunner jollama = runner();
        long pid = startedPid(jollama.run("serve"));
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();

        Result stopped = jollama.run("serve", "--stop");

        assertThat(stopped).exitedWith(0).outEquals("").errEquals("jollama: stopped ollama serve (pid " + pid + ")\n");
        Awaits.until("pid " + pid + " to exit", () -> !daemon.isAlive());
        assertThat(jollama.run("status")).exitedWith(69);
        assertThat(home.resolve("state/jollama/ollama.pid")).doesNotExist();
        assertThat(jollama.run("serve", "--stop"))
                .exitedWith(0)
                .errEquals("jollama: no ollama serve started by jollama is running\n");
    }

    @Test
    void stopNeverSignalsAProcessItDidNotStartEvenWhenThePidFileNamesIt() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "600").start();
        others.add(sleep);
        Path pidFile = home.resolve("state/jollama/ollama.pid");
        Files.createDirectories(pidFile.getParent());
        // The pid is right, the start time is not: a record left from an earlier daemon, its pid reused.
        Files.writeString(
                pidFile,
                "{\"pid\": " + sleep.pid() + ", \"started\": \"2020-01-01T00:00:00Z\", \"host\": \"" + url
                        + "\", \"log\": \"/tmp/ollama.log\"}");

        Result stop = runner().run("serve", "--stop");

        assertThat(stop)
                .exitedWith(0)
                .errEquals("jollama: no ollama serve started by jollama is running (pid " + sleep.pid() + " in "
                        + pidFile + " has exited or is another process now: left alone)\n");
        assertThat(sleep.isAlive()).as("the unrelated sleep").isTrue();
        assertThat(pidFile).doesNotExist();

        // Without a start time there is nothing to tell the processes apart: left alone too.
        Files.writeString(pidFile, "{\"pid\": " + sleep.pid() + "}");
        assertThat(runner().run("serve", "--stop")).exitedWith(0);
        assertThat(sleep.isAlive()).as("the unrelated sleep").isTrue();
    }

    @Test
    void stopLeavesADaemonStartedSomeOtherWayAndSaysSo() {
        try (FakeOllama fake = FakeOllama.start()) {
            Result stop = runner(fake.url()).run("serve", "--stop");
            assertThat(stop)
                    .exitedWith(0)
                    .errEquals("jollama: no ollama serve started by jollama is running; Ollama 0.13.5 at " + fake.url()
                            + " was started some other way and still runs\n");
            assertThat(runner(fake.url()).run("status")).succeeded();
        }
    }

    @Test
    void aDaemonThatAnswersAlreadyIsLeftAsItIsAndNothingIsStarted() {
        try (FakeOllama fake = FakeOllama.start()) {
            Result r = runner(fake.url()).run("serve");
            assertThat(r)
                    .exitedWith(0)
                    .errEquals("jollama: Ollama 0.13.5 already answers at " + fake.url() + ": nothing started\n");
        }
        assertThat(spawned).as("the stand-in never ran").doesNotExist();
        assertThat(home.resolve("state/jollama/ollama.pid")).doesNotExist();
    }

    @Test
    void statusSaysWhetherJollamaStartedTheDaemon() {
        CliRunner jollama = runner();
        Result down = jollama.run("serve", "--status");
        assertThat(down).exitedWith(69);
        assertThat(down.out()).contains("daemon:    not answering\n", "started:   not by jollama\n");

        long pid = startedPid(jollama.run("serve"));
        Result up = jollama.run("serve", "--status");

        assertThat(up)
                .succeeded()
                .outEquals("host:      " + url + "\n"
                        + "daemon:    up, version 0.13.5\n"
                        + "started:   by jollama, pid " + pid + " (for " + url + ")\n"
                        + "log:       " + home.resolve("state/jollama/ollama.log") + "\n");
    }

    @Test
    void autostartMakesRunWorkOnAStoppedDaemon() throws Exception {
        CliRunner jollama = runner();
        assertThat(jollama.run("run", "phi3-mini", "Why is the sky blue?"))
                .as("without autostart nothing is started")
                .exitedWith(69);
        assertThat(spawned).doesNotExist();
        jollama.writeConfig("{ \"autostart\": true, \"daemon\": { \"env\": { \"OLLAMA_KEEP_ALIVE\": \"10m\" } } }");

        Result r = jollama.run("run", "phi3-mini", "Why is the sky blue?");

        assertThat(r).exitedWith(0).outEquals("The sky is blue because of Rayleigh scattering.\n");
        long pid = startedPid(r);
        assertThat(r.err())
                .isEqualTo("jollama: started ollama serve (pid " + pid + ", log "
                        + home.resolve("state/jollama/ollama.log") + ")\n");
        assertThat(Files.readAllLines(home.resolve("daemon-env.txt"))).contains("OLLAMA_KEEP_ALIVE=10m");
        assertThat(jollama.run("run", "phi3-mini", "again"))
                .as("the second run finds it up")
                .succeeded();
        assertThat(Files.readAllLines(spawned)).hasSize(1);
    }

    @Test
    void autostartMakesAChatWorkOnAStoppedDaemon() throws Exception {
        runner().writeConfig("{ \"autostart\": true }");
        try (JollamaProcess chat = JollamaProcess.start(home, processEnv(), true, "chat", "phi3-mini")) {
            chat.type("Why is the sky blue?");
            chat.closeStdin();
            assertThat(chat.awaitExit(Duration.ofSeconds(60)))
                    .as("exit code; stderr: %s", chat.err())
                    .isZero();
            assertThat(chat.out()).contains("The sky is blue because of Rayleigh scattering.");
            assertThat(chat.err())
                    .matches("jollama: started ollama serve \\(pid \\d+, log "
                            + Pattern.quote(
                                    home.resolve("state/jollama/ollama.log").toString()) + "\\)\n");
        }
    }

    @Test
    void twoRunsThatFindTheDaemonDownTogetherStartOneDaemon() throws Exception {
        runner().writeConfig("{ \"autostart\": true }");
        try (JollamaProcess a = JollamaProcess.start(home, processEnv(), "run", "phi3-mini", "one");
                JollamaProcess b = JollamaProcess.start(home, processEnv(), "run", "phi3-mini", "two")) {
            assertThat(a.awaitExit(Duration.ofSeconds(60)))
                    .as("a; stderr: %s", a.err())
                    .isZero();
            assertThat(b.awaitExit(Duration.ofSeconds(60)))
                    .as("b; stderr: %s", b.err())
                    .isZero();
            assertThat(a.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
            assertThat(b.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        }
        assertThat(Files.readAllLines(spawned)).as("stand-ins started").hasSize(1);
    }

    @Test
    void autostartWithoutOllamaOnPathExits69WithHowToInstallIt() throws Exception {
        Files.delete(bin.resolve("ollama"));
        CliRunner jollama = runner();
        jollama.writeConfig("{ \"autostart\": true }");

        Result r = jollama.run("run", "phi3-mini", "hi");

        assertThat(r).exitedWith(69).outEquals("");
        assertThat(r.err())
                .isEqualTo("jollama: Ollama is not reachable at " + url
                        + " and cannot be started: `ollama` is not on PATH;\n"
                        + "install it from https://ollama.com/download (on Linux: curl -fsSL"
                        + " https://ollama.com/install.sh | sh), or start the daemon yourself\n");
    }

    @Test
    void serveWithoutOllamaOnPathExits69WithHowToInstallIt() throws Exception {
        Files.delete(bin.resolve("ollama"));
        assertThat(runner().run("serve"))
                .exitedWith(69)
                .errContains(
                        "`ollama` is not on PATH",
                        "https://ollama.com/download",
                        "curl -fsSL" + " https://ollama.com/install.sh | sh");
    }

    @Test
    void anotherMachineIsRefusedAsAUsageError() {
        Result r = runner("http://192.0.2.1:11434").run("serve");
        assertThat(r)
                .exitedWith(2)
                .errEquals("jollama: jollama starts Ollama only on this machine, and http://192.0.2.1:11434 is"
                        + " another host: start `ollama serve` there, or use --host 127.0.0.1:PORT\n");
        assertThat(runner().run("--host", "https://localhost:8443", "serve")).exitedWith(2);
        assertThat(spawned).as("the stand-in never ran").doesNotExist();
    }

    @Test
    void autostartIsNeverTriedForAnotherMachineEvenWhenItRefuses() throws Exception {
        // This machine's own network address: not loopback by its address, and nothing listens there.
        String address = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> i.inetAddresses())
                .filter(a -> a instanceof java.net.Inet4Address)
                .map(InetAddress::getHostAddress)
                .findFirst()
                .orElse(null);
        assumeTrue(address != null, "a non-loopback IPv4 address on this machine");
        CliRunner jollama = runner("http://" + address + ":" + freePort());
        jollama.writeConfig("{ \"autostart\": true, \"resilience\": { \"maxAttempts\": 1 } }");

        Result r = jollama.run("run", "phi3-mini", "hi");

        assertThat(r).exitedWith(69).errContains("start it with `ollama serve`");
        assertThat(r.err()).doesNotContain("started");
        assertThat(spawned).as("the stand-in never ran").doesNotExist();
    }

    @Test
    void aDaemonThatNeverAnswersIsWaitedForBoundedlyThenStoppedWithItsLogShown() throws Exception {
        standIn("echo 'stand-in ollama: loading forever'; exec sleep 600");
        CliRunner jollama = runner();
        jollama.writeConfig("{ \"daemon\": { \"startTimeout\": \"1s\" } }");

        Result r = jollama.run("serve");

        assertThat(r).exitedWith(69).outEquals("");
        long pid = Long.parseLong(Files.readAllLines(spawned).get(0).strip());
        Path log = home.resolve("state/jollama/ollama.log");
        assertThat(r.err())
                .isEqualTo("jollama: ollama serve (pid " + pid + ") did not answer at " + url + " within 1s, so it was"
                        + " stopped (\"daemon\": {\"startTimeout\": …} in the config waits longer); the last lines of"
                        + " its log " + log + ":\n"
                        + "  stand-in ollama: serving on " + url + "\n"
                        + "  stand-in ollama: a line on stderr\n"
                        + "  stand-in ollama: loading forever\n");
        Awaits.until(
                "the silent daemon (pid " + pid + ") to be stopped",
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(home.resolve("state/jollama/ollama.pid")).doesNotExist();
    }

    @Test
    void aDaemonThatExitsAtOnceFailsWithoutWaitingAndShowsOnlyThisRunsLog() throws Exception {
        Path log = home.resolve("state/jollama/ollama.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "an old line from yesterday\n");
        standIn("echo \"Error: listen tcp $OLLAMA_HOST: bind: address already in use\" >&2; exit 1");
        CliRunner jollama = runner();
        jollama.writeConfig("{ \"daemon\": { \"startTimeout\": \"5m\" } }");

        Result r = jollama.run("serve");

        assertThat(r).exitedWith(69);
        assertThat(r.err())
                .contains("exited with status 1 before answering at " + url)
                .contains("  Error: listen tcp " + url + ": bind: address already in use\n")
                .doesNotContain("an old line");
        assertThat(read(log)).startsWith("an old line from yesterday\n");
    }

    @Test
    void aDaemonEnvValueThatIsNotTextIsAConfigError() throws Exception {
        CliRunner jollama = runner();
        Path config = jollama.writeConfig("{\n  \"daemon\": { \"env\": { \"OLLAMA_NUM_PARALLEL\": 2 } }\n}\n");

        Result r = jollama.run("serve");

        assertThat(r)
                .exitedWith(4)
                .errEquals("jollama: config " + config + ":2:47: wrong type for 'daemon.env.OLLAMA_NUM_PARALLEL':"
                        + " expected text (in quotes), as in \"2\" or \"10m\"\n");
        assertThat(spawned).doesNotExist();
    }

    // --- the stand-in and its surroundings

    private CliRunner runner() {
        return runner(url);
    }

    private CliRunner runner(String host) {
        return new CliRunner(home).host(host).env("PATH", bin.toString());
    }

    private java.util.Map<String, String> processEnv() {
        return java.util.Map.of("OLLAMA_HOST", url, "PATH", bin.toString());
    }

    /** The stand-in: records its pid and environment, says two lines, then runs {@code serve}. */
    private void standIn(String serve) throws IOException {
        Path script = bin.resolve("ollama");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "[ \"$1\" = serve ] || { echo \"stand-in ollama: unexpected $*\" >&2; exit 2; }\n"
                        + "echo $$ >> '" + spawned + "'\n"
                        + "/usr/bin/env > '" + home.resolve("daemon-env.txt") + "'\n"
                        + "echo \"stand-in ollama: serving on $OLLAMA_HOST\"\n"
                        + "echo 'stand-in ollama: a line on stderr' >&2\n"
                        + "port=${OLLAMA_HOST##*:}\n"
                        + "PATH=/usr/bin:/bin\n"
                        + serve + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long startedPid(Result r) {
        assertThat(r).exitedWith(0);
        return Long.parseLong(matcher(STARTED_PID, r.err()).group(1));
    }

    private static Matcher matcher(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("'%s' in: %s", pattern, text).isTrue();
        return m;
    }

    /** The session id, field 6 of /proc/PID/stat (after the parenthesised command name). */
    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
