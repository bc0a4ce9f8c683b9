package dev.jollama.core.files;

/** Whether bytes are a binary file's, as git decides: a NUL byte in the first 8000. */
public final class Binary {

    /** How many bytes from the start are looked at. */
    public static final int SNIFF = 8000;

    private Binary() {}

    public static boolean looksBinary(byte[] bytes, int length) {
        for (int i = 0; i < Math.min(length, SNIFF); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
