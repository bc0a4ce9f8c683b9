package dev.jollama.core.fit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a GGUF file's header says, as far as a memory estimate needs: the architecture's numbers and
 * every tensor's type and shape. The header is untrusted input from the network: every count and
 * length is checked against hard limits and against the bytes at hand before anything is allocated,
 * so a header claiming a 2^60-element array or a 2^62-byte string fails at once with one line.
 *
 * @param values the scalar and string values; short integer arrays as {@code long[]}, other arrays as
 *     their {@link ArrayCount}
 */
public record GgufHeader(long version, Map<String, Object> values, List<Tensor> tensors, long headerBytes) {

    /** Far more than any real model (Llama-3-70B: 723 tensors; large MoE models: some thousands). */
    static final long MAX_TENSORS = 1 << 20;
    /** Real headers have tens of keys. */
    static final long MAX_KEYS = 1 << 16;
    /** Longer than any key or string value has reason to be (a chat template is some KB). */
    static final long MAX_STRING = 16L << 20;
    /** A vocabulary has some 10^5 entries; a merges list about as many. */
    static final long MAX_ARRAY = 1L << 24;

    static final int MAX_DIMS = 8;
    /** Integer arrays up to this length are kept (per-layer values); longer ones only counted. */
    static final int SMALL_ARRAY = 4096;

    /** One tensor: its name, ggml type and dimensions. */
    public record Tensor(String name, int type, long[] dims) {
        public long elements() {
            long n = 1;
            for (long d : dims) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        /** Its size in bytes, from the type's block size; -1 for a type this estimate does not know. */
        public long bytes() {
            GgmlType t = GgmlType.of(type);
            return t == null ? -1 : t.bytes(elements());
        }
    }

    /** More bytes are needed than were given: read a longer prefix of the file and parse again. */
    public static final class NeedMoreBytes extends Exception {
        NeedMoreBytes() {
            super(null, null, false, false);
        }
    }

    /** The header does not make sense, or claims more than any real model. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    public String architecture() {
        Object a = values.get("general.architecture");
        return a instanceof String s ? s : null;
    }

    /** A number under {@code {arch}.key}, or null. */
    public Long archNumber(String key) {
        return number(architecture() + "." + key);
    }

    public Long number(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? n.longValue() : null;
    }

    /** Parses the header from a prefix of the file. */
    public static GgufHeader parse(byte[] prefix) throws NeedMoreBytes, Invalid {
        Reader r = new Reader(prefix);
        if (r.remaining() < 4) {
            throw new NeedMoreBytes();
        }
        if (!(r.u8() == 'G' && r.u8() == 'G' && r.u8() == 'U' && r.u8() == 'F')) {
            throw new Invalid("not a GGUF file (no GGUF magic)");
        }
        long version = r.u32();
        if (version < 2 || version > 3) {
            throw new Invalid("GGUF version " + version + " is not supported (2 and 3 are)");
        }
        long tensorCount = r.u64();
        long keyCount = r.u64();
        if (tensorCount < 0 || tensorCount > MAX_TENSORS) {
            throw new Invalid("the header claims " + Long.toUnsignedString(tensorCount) + " tensors");
        }
        if (keyCount < 0 || keyCount > MAX_KEYS) {
            throw new Invalid("the header claims " + Long.toUnsignedString(keyCount) + " keys");
        }
        Map<String, Object> values = new HashMap<>();
        for (long i = 0; i < keyCount; i++) {
            String key = r.string();
            int type = (int) r.u32();
            values.put(key, r.value(type, true));
        }
        List<Tensor> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
        for (long i = 0; i < tensorCount; i++) {
            String name = r.string();
            long dimCount = r.u32();
            if (dimCount < 1 || dimCount > MAX_DIMS) {
                throw new Invalid("tensor " + name + " claims " + dimCount + " dimensions");
            }
            long[] dims = new long[(int) dimCount];
            for (int d = 0; d < dimCount; d++) {
                dims[d] = r.u64();
                if (dims[d] < 0 || dims[d] > (1L << 40)) {
                    throw new Invalid("tensor " + name + " claims a dimension of " + Long.toUnsignedString(dims[d]));
                }
            }
            int type = (int) r.u32();
            r.u64(); // offset in the data section: not needed for sizes
            Tensor t = new Tensor(name, type, dims);
            try {
                t.elements();
            } catch (ArithmeticException e) {
                throw new Invalid("tensor " + name + " claims more elements than a long holds");
            }
            tensors.add(t);
        }
        return new GgufHeader(version, values, List.copyOf(tensors), r.position());
    }

    /** Little-endian reads over the prefix; running past its end asks for more. */
    private static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] bytes) {
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        long position() {
            return buf.position();
        }

        int remaining() {
            return buf.remaining();
        }

        private void need(long n) throws NeedMoreBytes {
            if (n > buf.remaining()) {
                throw new NeedMoreBytes();
            }
        }

        int u8() throws NeedMoreBytes {
            need(1);
            return buf.get() & 0xff;
        }

        long u32() throws NeedMoreBytes {
            need(4);
            return buf.getInt() & 0xffffffffL;
        }

        long u64() throws NeedMoreBytes {
            need(8);
            return buf.getLong();
        }

        String string() throws NeedMoreBytes, Invalid {
            long length = u64();
            if (length < 0 || length > MAX_STRING) {
                throw new Invalid("the header claims a string of " + Long.toUnsignedString(length) + " bytes");
            }
            need(length);
            byte[] bytes = new byte[(int) length];
            buf.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private void skip(long n) throws NeedMoreBytes {
            need(n);
            buf.position(buf.position() + (int) n);
        }

        /** A value of {@code type}; an array is skipped and stands for its element count. */
        Object value(int type, boolean top) throws NeedMoreBytes, Invalid {
            return switch (type) {
                case 0 -> (long) u8();
                case 1 -> (long) (byte) u8();
                case 2 -> {
                    need(2);
                    yield (long) (buf.getShort() & 0xffff);
                }
                case 3 -> {
                    need(2);
                    yield (long) buf.getShort();
                }
                case 4 -> u32();
                case 5 -> {
                    need(4);
                    yield (long) buf.getInt();
                }
                case 6 -> {
                    need(4);
                    yield (double) buf.getFloat();
                }
                case 7 -> u8() != 0;
                case 8 -> string();
                case 9 -> {
                    if (!top) {
                        throw new Invalid("an array of arrays");
                    }
                    int elementType = (int) u32();
                    long count = u64();
                    if (count < 0 || count > MAX_ARRAY) {
                        throw new Invalid(
                                "the header claims an array of " + Long.toUnsignedString(count) + " elements");
                    }
                    int fixed = fixedSize(elementType);
                    if (fixed > 0 && count <= SMALL_ARRAY && isInteger(elementType)) {
                        // Per-layer values (head_count_kv of some models): kept.
                        long[] numbers = new long[(int) count];
                        for (int i = 0; i < count; i++) {
                            numbers[i] = ((Number) value(elementType, false)).longValue();
                        }
                        yield numbers;
                    } else if (fixed > 0) {
                        skip(count * fixed);
                    } else if (elementType == 8) {
                        for (long i = 0; i < count; i++) {
                            long length = u64();
                            if (length < 0 || length > MAX_STRING) {
                                throw new Invalid(
                                        "the header claims a string of " + Long.toUnsignedString(length) + " bytes");
                            }
                            skip(length);
                        }
                    } else {
                        throw new Invalid("an array of value type " + elementType);
                    }
                    yield new ArrayCount(count, elementType);
                }
                // A uint64 above 2^63 does not fit a long: it stands as the largest one, never negative.
                case 10 -> {
                    long v = u64();
                    yield v < 0 ? Long.MAX_VALUE : v;
                }
                case 11 -> u64();
                case 12 -> {
                    need(8);
                    yield buf.getDouble();
                }
                default -> throw new Invalid("unknown value type " + type);
            };
        }

        private static boolean isInteger(int type) {
            return type <= 5 || type == 10 || type == 11;
        }

        private static int fixedSize(int type) {
            return switch (type) {
                case 0, 1, 7 -> 1;
                case 2, 3 -> 2;
                case 4, 5, 6 -> 4;
                case 10, 11, 12 -> 8;
                default -> 0;
            };
        }
    }

    /** An array's element count (its elements are not kept). */
    public record ArrayCount(long count, int elementType) {}
}
