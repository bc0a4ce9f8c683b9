package dev.jollama.core.batch;

/**
 * The ids a batch has read, to say when one comes again, in memory that stays small whatever the
 * input's length: each id is kept as a 64-bit hash with its line, and once {@link #CAPACITY} ids are
 * kept no more are added (a million-line batch still runs in a 24 MiB heap). Two different ids share a
 * hash about once in 10^13 batches of that size.
 */
final class SeenIds {

    /** How many ids are remembered: a repeat of a later one is not noticed. */
    static final int CAPACITY = 1 << 17;

    private long[] hashes = new long[256];
    private long[] lines = new long[256];
    private int size;

    /** The line an earlier item with this key was on, or 0 when none was seen; this one is remembered. */
    long add(String key, long line) {
        long hash = hash(key);
        int mask = hashes.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (hashes[i] == hash) {
                return lines[i];
            }
            if (hashes[i] == 0) {
                if (size < CAPACITY) {
                    hashes[i] = hash;
                    lines[i] = line;
                    if (++size * 2 > hashes.length) {
                        grow();
                    }
                }
                return 0;
            }
        }
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldLines = lines;
        hashes = new long[oldHashes.length * 2];
        lines = new long[oldHashes.length * 2];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldHashes[j] != 0) {
                int i = (int) oldHashes[j] & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                lines[i] = oldLines[j];
            }
        }
    }

    /** FNV-1a over the characters, then mixed (SplitMix64's finaliser); never 0, the empty slot. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h;
    }
}
