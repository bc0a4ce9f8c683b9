package dev.jollama.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every probe on fixtures: a fake /proc and /sys under a temp root, and scripted tool output. */
class HardwareProbeTest {

    @TempDir
    Path root;

    private final Map<String, String> tools = new HashMap<>();
    private final ProcessRunner runner =
            (command, timeout) -> Optional.ofNullable(tools.get(String.join(" ", command)));

    private static final String NVIDIA =
            "nvidia-smi --query-gpu=name,memory.total,memory.free,driver_version --format=csv,noheader,nounits";
    private static final Map<String, String> LINUX =
            Map.of("os.name", "Linux", "os.version", "6.1.0", "os.arch", "amd64", "user.home", "/home/u");

    private void file(String path, String text) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void linuxMachine() throws IOException {
        file("etc/os-release", "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        StringBuilder cpuinfo = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            cpuinfo.append("processor\t: ")
                    .append(i)
                    .append('\n')
                    .append("model name\t: Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz\n")
                    .append("physical id\t: 0\n")
                    .append("core id\t\t: ")
                    .append(i % 4)
                    .append('\n')
                    .append("cpu cores\t: 4\n")
                    .append("flags\t\t: fpu sse sse2 avx avx2 fma\n\n");
        }
        file("proc/cpuinfo", cpuinfo.toString());
        file("proc/meminfo", "MemTotal:       32768000 kB\nMemFree:         1000000 kB\nMemAvailable:   16384000 kB\n");
    }

    private HardwareReport probe(Map<String, String> props) {
        return new HardwareProbe(root, root.resolve(".ollama/models"), props, 8, runner, null).probe();
    }

    @Test
    void readsLinuxCpuMemoryAndOs() throws IOException {
        linuxMachine();
        HardwareReport hw = probe(LINUX);
        assertThat(hw.os().name()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(hw.cpu().model()).isEqualTo("Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz");
        assertThat(hw.cpu().physicalCores()).isEqualTo(4);
        assertThat(hw.cpu().threads()).isEqualTo(8);
        assertThat(hw.cpu().simd()).containsExactly("AVX2");
        assertThat(hw.memory().total()).isEqualTo(32768000L * 1024);
        assertThat(hw.memory().available()).isEqualTo(16384000L * 1024);
        assertThat(hw.memory().cgroupLimit()).isNull();
        assertThat(hw.memory().usable()).isEqualTo(hw.memory().available());
        assertThat(hw.disk().path()).isEqualTo(root.resolve(".ollama/models").toString());
        assertThat(hw.disk().free()).isPositive();
    }

    @Test
    void noGpuWhenNoToolAnswers() throws IOException {
        linuxMachine();
        assertThat(probe(LINUX).gpus()).isEmpty();
    }

    @Test
    void oneNvidiaGpu() throws IOException {
        linuxMachine();
        tools.put(NVIDIA, "NVIDIA GeForce RTX 3060, 12288, 11811, 535.104.05\n");
        HardwareReport hw = probe(LINUX);
        assertThat(hw.gpus()).hasSize(1);
        HardwareReport.Gpu gpu = hw.gpus().get(0);
        assertThat(gpu.name()).isEqualTo("NVIDIA GeForce RTX 3060");
        assertThat(gpu.vramTotal()).isEqualTo(12288L << 20);
        assertThat(gpu.vramFree()).isEqualTo(11811L << 20);
        assertThat(gpu.driver()).isEqualTo("535.104.05");
    }

    @Test
    void twoNvidiaGpusAddUpTheirFreeVram() throws IOException {
        linuxMachine();
        tools.put(NVIDIA, "NVIDIA RTX A4000, 16376, 16000, 550.54\nNVIDIA RTX A4000, 16376, 8000, 550.54\n");
        HardwareReport hw = probe(LINUX);
        assertThat(hw.gpus()).hasSize(2);
        assertThat(hw.freeVram()).isEqualTo(24000L << 20);
    }

    @Test
    void amdThroughRocmSmiJson() throws IOException {
        linuxMachine();
        tools.put(
                "rocm-smi --showproductname --showmeminfo vram --json",
                "{\"card0\": {\"Card series\": \"Radeon RX 7900 XTX\", \"VRAM Total Memory (B)\": \"25753026560\","
                        + " \"VRAM Total Used Memory (B)\": \"753026560\"}}");
        HardwareReport.Gpu gpu = probe(LINUX).gpus().get(0);
        assertThat(gpu.vendor()).isEqualTo("AMD");
        assertThat(gpu.vramFree()).isEqualTo(25_000_000_000L);
    }

    @Test
    void containerMemoryLimitCountsInsteadOfTheMachines() throws IOException {
        linuxMachine();
        file("sys/fs/cgroup/memory.max", "4294967296\n");
        file("sys/fs/cgroup/memory.current", "1073741824\n");
        HardwareReport.Memory m = probe(LINUX).memory();
        assertThat(m.cgroupLimit()).isEqualTo(4294967296L);
        assertThat(m.usable()).isEqualTo(3221225472L);
    }

    @Test
    void cgroupV1LimitAndItsNoLimitValue() throws IOException {
        linuxMachine();
        file("sys/fs/cgroup/memory/memory.limit_in_bytes", "2147483648\n");
        assertThat(probe(LINUX).memory().usable()).isEqualTo(2147483648L);
        file("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        assertThat(probe(LINUX).memory().cgroupLimit()).isNull();
        file("sys/fs/cgroup/memory.max", "max\n");
        assertThat(probe(LINUX).memory().cgroupLimit()).isNull();
    }

    @Test
    void appleSiliconHasUnifiedMemoryAndNeon() {
        tools.put("sysctl -n machdep.cpu.brand_string", "Apple M2 Pro\n");
        tools.put("sysctl -n hw.physicalcpu", "10\n");
        tools.put("sysctl -n hw.logicalcpu", "10\n");
        tools.put("sysctl -n hw.memsize", "34359738368\n");
        HardwareReport hw = new HardwareProbe(
                        root,
                        root.resolve(".ollama/models"),
                        Map.of("os.name", "Mac OS X", "os.version", "14.5", "os.arch", "aarch64"),
                        10,
                        runner,
                        new HardwareProbe.JvmMemory() {
                            @Override
                            public long total() {
                                return 34359738368L;
                            }

                            @Override
                            public long free() {
                                return 20_000_000_000L;
                            }
                        })
                .probe();
        assertThat(hw.cpu().model()).isEqualTo("Apple M2 Pro");
        assertThat(hw.cpu().physicalCores()).isEqualTo(10);
        assertThat(hw.cpu().simd()).containsExactly("NEON");
        assertThat(hw.memory().total()).isEqualTo(34359738368L);
        HardwareReport.Gpu gpu = hw.gpus().get(0);
        assertThat(gpu.unified()).isTrue();
        assertThat(gpu.vramTotal()).isEqualTo(34359738368L * 2 / 3);
    }

    @Test
    void aToolThatPrintsGarbageMeansNotDetected() throws IOException {
        linuxMachine();
        tools.put(
                NVIDIA,
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n[N/A], x, y, z\n");
        tools.put("rocm-smi --showproductname --showmeminfo vram --json", "ERROR: not json {");
        assertThat(probe(LINUX).gpus()).isEmpty();
    }

    @Test
    void aToolThatHangsIsKilledAtItsDeadline() {
        long start = System.nanoTime();
        Optional<String> out = new SystemProcessRunner().run(List.of("sleep", "30"), Duration.ofMillis(300));
        assertThat(out).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aMissingToolIsEmptyAndAWorkingOneAnswers() {
        SystemProcessRunner real = new SystemProcessRunner();
        assertThat(real.run(List.of("no-such-tool-jollama"), Duration.ofSeconds(2)))
                .isEmpty();
        assertThat(real.run(List.of("echo", "hello"), Duration.ofSeconds(2))).contains("hello\n");
        assertThat(real.run(List.of("false"), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void missingProcFilesMeanUnknownNotACrash() {
        HardwareReport hw = probe(LINUX);
        assertThat(hw.cpu().model()).isNull();
        assertThat(hw.cpu().threads()).isEqualTo(8);
        assertThat(hw.memory().total()).isNull();
    }

    @Test
    void aToolIsLookedForOnThePathGivenNotTheJvms(@org.junit.jupiter.api.io.TempDir java.nio.file.Path bin)
            throws IOException {
        java.nio.file.Path tool = bin.resolve("nvidia-smi");
        java.nio.file.Files.writeString(tool, "#!/bin/sh\necho 'NVIDIA GeForce RTX 4090, 24564, 24000, 550.54'\n");
        assertThat(tool.toFile().setExecutable(true)).isTrue();

        SystemProcessRunner onPath = new SystemProcessRunner(bin.toString());
        assertThat(onPath.run(List.of("nvidia-smi", "--query-gpu=name"), Duration.ofSeconds(5)))
                .contains("NVIDIA GeForce RTX 4090, 24564, 24000, 550.54\n");
        assertThat(onPath.run(List.of("echo", "hello"), Duration.ofSeconds(2))).isEmpty(); // not on that PATH
    }
}
