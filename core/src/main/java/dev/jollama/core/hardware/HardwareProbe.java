package dev.jollama.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the machine: files under a root directory (normally "/") for Linux's /proc and /sys, external
 * tools through a {@link ProcessRunner}. Every source is injectable, so tests run on fixtures; a probe
 * that fails means "not detected", never an error.
 */
public final class HardwareProbe {

    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(3);

    private final Path root;
    private final Path models;
    private final Map<String, String> props;
    private final int processors;
    private final ProcessRunner runner;
    private final JvmMemory jvmMemory;

    /** Total and free physical memory as the JVM sees them: the fallback off Linux. */
    public interface JvmMemory {
        long total();

        long free();
    }

    public HardwareProbe(
            Path root,
            Path models,
            Map<String, String> props,
            int processors,
            ProcessRunner runner,
            JvmMemory jvmMemory) {
        this.root = root;
        this.models = models;
        this.props = props;
        this.processors = processors;
        this.runner = runner;
        this.jvmMemory = jvmMemory;
    }

    /**
     * The real machine; {@code models}: where the local daemon keeps its models (for the disk check);
     * {@code environment}: jollama's own, whose PATH finds nvidia-smi, rocm-smi and sysctl.
     */
    public static HardwareProbe system(Path models, Map<String, String> environment) {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return new HardwareProbe(
                Path.of("/"),
                models,
                Map.of(
                        "os.name", System.getProperty("os.name", ""),
                        "os.version", System.getProperty("os.version", ""),
                        "os.arch", System.getProperty("os.arch", ""),
                        "user.home", System.getProperty("user.home", "")),
                Runtime.getRuntime().availableProcessors(),
                new SystemProcessRunner(environment.get("PATH")),
                new JvmMemory() {
                    @Override
                    public long total() {
                        return os.getTotalMemorySize();
                    }

                    @Override
                    public long free() {
                        return os.getFreeMemorySize();
                    }
                });
    }

    public HardwareReport probe() {
        boolean linux = props.getOrDefault("os.name", "").startsWith("Linux");
        boolean mac = props.getOrDefault("os.name", "").startsWith("Mac");
        HardwareReport.Cpu cpu =
                linux ? linuxCpu() : mac ? macCpu() : new HardwareReport.Cpu(null, null, processors, List.of());
        HardwareReport.Memory memory = linux ? linuxMemory() : otherMemory(mac);
        List<HardwareReport.Gpu> gpus = new ArrayList<>(nvidia());
        gpus.addAll(amd());
        if (mac && isArm()) {
            gpus.add(appleSilicon(cpu, memory));
        }
        return new HardwareReport(os(linux), cpu, memory, List.copyOf(gpus), disk());
    }

    private HardwareReport.Os os(boolean linux) {
        String name = props.getOrDefault("os.name", "unknown");
        if (linux) {
            for (String line : lines("etc/os-release")) {
                if (line.startsWith("PRETTY_NAME=")) {
                    name = line.substring(12).replace("\"", "");
                }
            }
        }
        return new HardwareReport.Os(name, props.get("os.version"), props.get("os.arch"));
    }

    private boolean isArm() {
        String arch = props.getOrDefault("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64");
    }

    private HardwareReport.Cpu linuxCpu() {
        String model = null;
        int threads = 0;
        Set<String> cores = new HashSet<>();
        String physicalId = "0";
        Integer coresPerSocket = null;
        Set<String> sockets = new HashSet<>();
        String flags = "";
        for (String line : lines("proc/cpuinfo")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "processor" -> threads++;
                case "model name", "Model" -> model = model == null ? value : model;
                case "physical id" -> {
                    physicalId = value;
                    sockets.add(value);
                }
                case "core id" -> cores.add(physicalId + ":" + value);
                case "cpu cores" -> coresPerSocket = parseInt(value);
                case "flags", "Features" -> flags = " " + value + " ";
                default -> {}
            }
        }
        Integer physical = !cores.isEmpty()
                ? Integer.valueOf(cores.size())
                : coresPerSocket != null ? coresPerSocket * Math.max(1, sockets.size()) : null;
        List<String> simd = new ArrayList<>();
        if (flags.contains(" avx2 ")) {
            simd.add("AVX2");
        }
        if (flags.contains(" avx512f ")) {
            simd.add("AVX-512");
        }
        if (flags.contains(" asimd ") || flags.contains(" neon ")) {
            simd.add("NEON");
        }
        return new HardwareReport.Cpu(model, physical, threads > 0 ? threads : processors, List.copyOf(simd));
    }

    private HardwareReport.Cpu macCpu() {
        String model = sysctl("machdep.cpu.brand_string").orElse(null);
        Integer physical = sysctl("hw.physicalcpu").map(HardwareProbe::parseInt).orElse(null);
        int threads = sysctl("hw.logicalcpu").map(HardwareProbe::parseInt).orElse(processors);
        List<String> simd = new ArrayList<>();
        if (isArm()) {
            simd.add("NEON");
        } else {
            if (sysctl("hw.optional.avx2_0").map("1"::equals).orElse(false)) {
                simd.add("AVX2");
            }
            if (sysctl("hw.optional.avx512f").map("1"::equals).orElse(false)) {
                simd.add("AVX-512");
            }
        }
        return new HardwareReport.Cpu(model, physical, threads, List.copyOf(simd));
    }

    private HardwareReport.Memory linuxMemory() {
        Long total = null;
        Long available = null;
        for (String line : lines("proc/meminfo")) {
            String[] parts = line.split("\\s+");
            if (parts.length >= 2 && parts[0].equals("MemTotal:")) {
                total = kib(parts[1]);
            } else if (parts.length >= 2 && parts[0].equals("MemAvailable:")) {
                available = kib(parts[1]);
            }
        }
        Long limit = number(first("sys/fs/cgroup/memory.max", "sys/fs/cgroup/memory/memory.limit_in_bytes"));
        Long used = number(first("sys/fs/cgroup/memory.current", "sys/fs/cgroup/memory/memory.usage_in_bytes"));
        if (limit != null && total != null && limit >= total) {
            limit = null; // "no limit" is written as a huge number in cgroup v1
        }
        Long usable = available;
        if (limit != null) {
            long room = used != null ? Math.max(0, limit - used) : limit;
            usable = usable == null ? room : Math.min(usable, room);
        }
        return new HardwareReport.Memory(total, available, limit, usable);
    }

    private HardwareReport.Memory otherMemory(boolean mac) {
        Long total = mac ? sysctl("hw.memsize").map(HardwareProbe::parseLong).orElse(null) : null;
        if (total == null && jvmMemory != null) {
            total = jvmMemory.total();
        }
        Long free = jvmMemory != null ? jvmMemory.free() : null;
        return new HardwareReport.Memory(total, free, null, free);
    }

    /** {@code nvidia-smi} in its machine-readable CSV form: one line per GPU, sizes in MiB. */
    private List<HardwareReport.Gpu> nvidia() {
        List<HardwareReport.Gpu> gpus = new ArrayList<>();
        Optional<String> out = runner.run(
                List.of(
                        "nvidia-smi",
                        "--query-gpu=name,memory.total,memory.free,driver_version",
                        "--format=csv,noheader,nounits"),
                TOOL_TIMEOUT);
        for (String line : out.orElse("").split("\n")) {
            String[] f = line.split(",");
            if (f.length != 4) {
                continue;
            }
            Long total = parseLong(f[1].strip());
            Long free = parseLong(f[2].strip());
            if (total == null || free == null || f[0].isBlank()) {
                continue; // garbage, or "[N/A]": not something we can plan with
            }
            gpus.add(new HardwareReport.Gpu("NVIDIA", f[0].strip(), total << 20, free << 20, f[3].strip(), false));
        }
        return gpus;
    }

    /** {@code rocm-smi --json}: per card, the product name and VRAM total and used, in bytes. */
    private List<HardwareReport.Gpu> amd() {
        List<HardwareReport.Gpu> gpus = new ArrayList<>();
        Optional<String> out =
                runner.run(List.of("rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json"), TOOL_TIMEOUT);
        if (out.isEmpty()) {
            return gpus;
        }
        JsonNode cards;
        try {
            cards = Json.wire().readTree(out.get());
        } catch (IOException garbage) {
            return gpus;
        }
        cards.fields().forEachRemaining(card -> {
            if (!card.getKey().startsWith("card")) {
                return;
            }
            JsonNode c = card.getValue();
            Long total = parseLong(c.path("VRAM Total Memory (B)").asText(""));
            Long used = parseLong(c.path("VRAM Total Used Memory (B)").asText(""));
            if (total == null) {
                return;
            }
            String name = c.path("Card series").asText(c.path("Card Series").asText("AMD GPU"));
            gpus.add(new HardwareReport.Gpu("AMD", name, total, used == null ? null : total - used, null, false));
        });
        return gpus;
    }

    /**
     * Apple Silicon shares system memory with its GPU; Metal lets a process use about two thirds of it,
     * which is what Ollama plans with.
     */
    private static HardwareReport.Gpu appleSilicon(HardwareReport.Cpu cpu, HardwareReport.Memory memory) {
        Long share = memory.total() == null ? null : memory.total() * 2 / 3;
        String name = cpu.model() != null ? cpu.model() + " GPU" : "Apple Silicon GPU";
        return new HardwareReport.Gpu("Apple", name, share, share, null, true);
    }

    private HardwareReport.Disk disk() {
        Path path = models;
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Long free = null;
        if (existing != null) {
            try {
                free = Files.getFileStore(existing).getUsableSpace();
            } catch (IOException e) {
                free = null;
            }
        }
        return new HardwareReport.Disk(path.toString(), free);
    }

    private Optional<String> sysctl(String name) {
        return runner.run(List.of("sysctl", "-n", name), TOOL_TIMEOUT)
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private String first(String... candidates) {
        for (String c : candidates) {
            List<String> l = lines(c);
            if (!l.isEmpty()) {
                return l.get(0).strip();
            }
        }
        return null;
    }

    private static Long number(String text) {
        return text == null || text.equals("max") ? null : parseLong(text);
    }

    private static Long kib(String text) {
        Long v = parseLong(text);
        return v == null ? null : v * 1024;
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String text) {
        try {
            return Long.valueOf(text.strip().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
