package dev.jollama.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.hardware.Verdict.Fit;
import dev.jollama.core.profile.BuiltInProfiles;
import dev.jollama.core.profile.Profile;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitVerdictsTest {

    private static final Collection<Profile> PROFILES = BuiltInProfiles.all().values();
    private static final Profile PHI3 = BuiltInProfiles.all().get("phi3-mini");
    private static final Profile LLAMA3 = BuiltInProfiles.all().get("llama3-8b");

    private static HardwareReport machine(long usableRam, List<HardwareReport.Gpu> gpus, Long cgroup) {
        return new HardwareReport(
                new HardwareReport.Os("Linux", "6.1", "amd64"),
                new HardwareReport.Cpu("cpu", 2, 2, List.of("AVX2")),
                new HardwareReport.Memory(usableRam * 2, usableRam, cgroup, usableRam),
                gpus,
                new HardwareReport.Disk("/m", 3_000_000_000L));
    }

    private static HardwareReport.Gpu nvidia(long freeGb) {
        return new HardwareReport.Gpu("NVIDIA", "RTX", 12_000_000_000L, freeGb * 1_000_000_000L, "550", false);
    }

    @Test
    void fitsInFreeVramMeansGpu() {
        Verdict v = FitVerdicts.of(machine(16_000_000_000L, List.of(nvidia(11)), null), LLAMA3);
        assertThat(v.fit()).isEqualTo(Fit.GPU);
        assertThat(v.reason()).isEqualTo("6.5 GB fits in 11.0 GB free VRAM");
    }

    @Test
    void partlyInVramMeansGpuPlusCpu() {
        Verdict v = FitVerdicts.of(machine(16_000_000_000L, List.of(nvidia(4)), null), LLAMA3);
        assertThat(v.fit()).isEqualTo(Fit.GPU_CPU);
        assertThat(v.reason()).startsWith("about 62% on the GPU");
    }

    @Test
    void noGpuButEnoughRamMeansCpuWithASpeedClass() {
        Verdict v = FitVerdicts.of(machine(16_000_000_000L, List.of(), null), PHI3);
        assertThat(v.fit()).isEqualTo(Fit.CPU);
        // 2 cores with AVX2: 3.8 B / (2 × 8) = 0.24 s a token (memory: 2.4 GB / 40 GB/s = 0.06 s);
        // ideal 4.2 tokens/s, half to four fifths of it
        assertThat(v.tokensPerSecondLow()).isEqualTo(2.1);
        assertThat(v.tokensPerSecondHigh()).isEqualTo(3.4);
        assertThat(v.speed()).isEqualTo("slow");
    }

    @Test
    void tooLittleMemoryWontFitAndSaysWhy() {
        Verdict v = FitVerdicts.of(machine(5_000_000_000L, List.of(), 6_000_000_000L), LLAMA3);
        assertThat(v.fit()).isEqualTo(Fit.WONT_FIT);
        assertThat(v.reason()).isEqualTo("needs 6.5 GB, only 5.0 GB usable under the container's limit");
        assertThat(v.diskOk()).isFalse();
    }

    @Test
    void recommendsTheStrongestPlacementThenTheLargerModel() {
        HardwareReport gpuBox = machine(32_000_000_000L, List.of(nvidia(11)), null);
        assertThat(FitVerdicts.recommend(FitVerdicts.of(gpuBox, PROFILES), PROFILES)
                        .orElseThrow()
                        .profile())
                .isEqualTo("llama3-8b");
        HardwareReport small = machine(5_000_000_000L, List.of(), null);
        assertThat(FitVerdicts.recommend(FitVerdicts.of(small, PROFILES), PROFILES)
                        .orElseThrow()
                        .profile())
                .isEqualTo("phi3-mini");
        HardwareReport tiny = machine(1_000_000_000L, List.of(), null);
        assertThat(FitVerdicts.recommend(FitVerdicts.of(tiny, PROFILES), PROFILES))
                .isEmpty();
    }

    @Test
    void onASingleCoreTheVerySlowLargerModelIsNotRecommended() {
        HardwareReport oneCore = new HardwareReport(
                new HardwareReport.Os("Linux", "6.1", "amd64"),
                new HardwareReport.Cpu("cpu", 1, 1, List.of("AVX2")),
                new HardwareReport.Memory(16_000_000_000L, 16_000_000_000L, null, 16_000_000_000L),
                List.of(),
                new HardwareReport.Disk("/m", null));
        assertThat(FitVerdicts.recommend(FitVerdicts.of(oneCore, PROFILES), PROFILES)
                        .orElseThrow()
                        .profile())
                .isEqualTo("phi3-mini");
    }

    @Test
    void recommendsTheLargerModelWhenItIsUsableEvenSplitOverGpuAndCpu() {
        // 5 GB of VRAM: phi3-mini wholly on the GPU, llama3-8b three quarters on it. 8 cores with AVX2 make
        // llama3-8b's CPU part quick enough: about 12–19 tokens/s, usable, so the larger model wins.
        HardwareReport box = new HardwareReport(
                new HardwareReport.Os("Linux", "6.1", "amd64"),
                new HardwareReport.Cpu("cpu", 8, 16, List.of("AVX2")),
                new HardwareReport.Memory(32_000_000_000L, 32_000_000_000L, null, 32_000_000_000L),
                List.of(nvidia(5)),
                new HardwareReport.Disk("/m", null));
        List<Verdict> verdicts = FitVerdicts.of(box, PROFILES);
        assertThat(verdicts.get(0).fit()).isEqualTo(Fit.GPU);
        assertThat(verdicts.get(1).fit()).isEqualTo(Fit.GPU_CPU);
        assertThat(verdicts.get(1).speed()).isIn("usable", "fast");
        assertThat(FitVerdicts.recommend(verdicts, PROFILES).orElseThrow().profile())
                .isEqualTo("llama3-8b");
    }
}
