package dev.jollama.core.client;

import dev.jollama.core.daemon.ModelRef;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.FitReport;
import dev.jollama.core.fit.KvCacheType;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.settings.Config;
import dev.jollama.core.text.Excerpt;

/**
 * The one decision before a download, for `pull`, `run --pull`, the chat's offer to pull and
 * {@code /pull}: a model that will not fit is not downloaded unless the user says so. Whatever keeps
 * the check from answering (a registry that cannot be asked, a model it does not know, a daemon on
 * another machine) is a note, not a stop: the daemon pulls from its own registry, onto its own machine.
 * What to do with a {@link WontFit} — ask on a terminal, refuse elsewhere — is the front end's.
 */
public final class PullGate {

    /** What the check said. */
    public sealed interface Verdict permits Go, WontFit {}

    /** Download it; {@code note} (or null) says why the check could not answer. */
    public record Go(String note) implements Verdict {}

    /** It will not fit: {@code why} is the whole sentence ("model X will not fit this machine: …"). */
    public record WontFit(String model, String why, FitReport report) implements Verdict {}

    private final Jollama client;

    PullGate(Jollama client) {
        this.client = client;
    }

    /**
     * @param model the tag to be pulled
     * @param force the user said to download whatever the check says ({@code --force})
     */
    public Verdict check(String model, boolean force) {
        if (ModelRef.isCloud(model)) {
            // A cloud model's pull is its stub: it runs on ollama.com, not in this memory; said, not checked.
            return new Go("note: " + model + " runs on ollama.com: no local memory");
        }
        if (force) {
            return new Go(null);
        }
        if (!client.host().isLoopback()) {
            return new Go("note: the daemon at " + client.host() + " is on another machine: its memory is not"
                    + " checked before the pull");
        }
        FitReport report;
        try {
            Config config = client.settings().config();
            report = client.fitCheck()
                    .check(model, fitOptions(config, model, null, 1, KvCacheType.F16), client.hardware());
        } catch (ModelNotFoundException e) {
            // The pull that follows says it, in the daemon's words: once is enough.
            return new Go(null);
        } catch (JollamaException e) {
            return new Go("note: could not check whether " + Excerpt.of(model) + " fits (" + e.getMessage()
                    + "); pulling anyway");
        }
        if (!report.fits()) {
            return new WontFit(
                    model, "model " + Excerpt.of(model) + " will not fit this machine: " + report.reason(), report);
        }
        return switch (report.format()) {
            case "cloud" -> new Go("note: " + model + " " + report.reason());
            case "safetensors" ->
                new Go("note: " + model + " is a safetensors model: only its weights ("
                        + String.format(java.util.Locale.ROOT, "%.1f GB", report.weightsBytes() / 1e9)
                        + ") were checked, not its KV cache");
            default -> new Go(null);
        };
    }

    /**
     * What a model is judged with: the context of the flag, else of its profile's num_ctx, else the one
     * Ollama would give it; {@code parallel} slots and a {@code kv} cache.
     */
    public static FitCheck.Options fitOptions(
            Config config, String modelOrProfile, Integer flag, int parallel, KvCacheType kv) {
        if (flag != null) {
            return new FitCheck.Options(flag, "--ctx", parallel, kv);
        }
        Profile p = config.profiles().get(modelOrProfile);
        Object numCtx = p == null ? null : p.options().get("num_ctx");
        return numCtx instanceof Number n
                ? new FitCheck.Options(n.intValue(), "profile " + p.name() + "'s num_ctx", parallel, kv)
                : FitCheck.Options.ollamaDefault(parallel, kv);
    }
}
