package dev.jollama.core.daemon;

/** One status line of a pull: a step ("pulling manifest") or a layer's download progress. */
public record PullProgress(String status, String digest, Long total, Long completed) {

    public boolean isLayer() {
        return digest != null && total != null;
    }
}
