package org.neurite.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Module;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Saves and loads tensors (a module's state dict) in the safetensors format, readable by PyTorch, JAX and the
 * Hugging Face tools, and safe to load: it holds data only, no code.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each name to
 * {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (offsets into the data section, plus an optional
 * "__metadata__" object of strings), padded with spaces to a multiple of 8; then the raw little-endian data.
 * Neurite writes F32; it reads F32, F64, F16, BF16, I64 and I32 (converted to float), so PyTorch files load.
 *
 * <p>Writes go to a temporary file in the same directory, then are moved into place. Reads check everything that
 * can be checked before allocating tensor storage (header length against the file size, the JSON, dtypes, shapes,
 * offsets in range, contiguous and covering the data section, and for a module the names and shapes) and fail with an
 * IOException (unreadable or corrupt file) or IllegalArgumentException (a valid file that does not fit the module)
 * naming the file; a module is only modified once the whole file has been read.
 */
public final class SafeTensors {
    /** The largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensors() {}

    /** One tensor's header entry. */
    private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

    // ---------------------------------------------------------------- writing

    /** Saves a module's state dict (parameters and buffers). */
    public static void save(Module module, Path file) throws IOException {
        save(module.stateDict(), Map.of(), file);
    }

    /** Saves named tensors as F32, in map order. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /** Saves named tensors with a string-to-string metadata map (stored under "__metadata__"). */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            int i = 0;
            for (Map.Entry<String, String> e : metadata.entrySet())
                h.append(i++ > 0 ? "," : "").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            h.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__"))
                throw new IllegalArgumentException("SafeTensors.save(" + file + "): '__metadata__' is reserved");
            Tensor t = e.getValue();
            long bytes = 4L * t.numel();
            h.append(h.length() > 1 ? "," : "").append(quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] s = t.shape();
            for (int i = 0; i < s.length; i++) h.append(i > 0 ? "," : "").append(s[i]);
            h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(padded).put(header);
                while (head.hasRemaining()) head.put((byte) ' ');
                writeFully(ch, head.flip());
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    float[] d = t.data();
                    for (int i = 0; i < d.length; ) {
                        int n = Math.min(buf.capacity() / 4, d.length - i);
                        buf.clear();
                        buf.asFloatBuffer().put(d, i, n);
                        buf.position(4 * n);
                        writeFully(ch, buf.flip());
                        i += n;
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- reading

    /** All tensors of a file, in header order. */
    public static Map<String, Tensor> load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            return readData(file, ch, h);
        }
    }

    /**
     * Loads a file into a module: the file's names and shapes must be exactly the module's state dict (checked before
     * any data is read), and the module is changed only after everything was read.
     */
    public static void load(Module module, Path file) throws IOException {
        Map<String, Tensor> own = module.stateDict();
        Map<String, Tensor> values;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>();
            Map<String, Entry> byName = new LinkedHashMap<>();
            for (Entry e : h.entries) byName.put(e.name, e);
            for (String k : own.keySet()) if (!byName.containsKey(k)) missing.add(k);
            for (String k : byName.keySet()) if (!own.containsKey(k)) unexpected.add(k);
            if (!missing.isEmpty() || !unexpected.isEmpty())
                throw new IllegalArgumentException(file + ": does not match " + module + ": missing " + missing
                        + ", unexpected " + unexpected);
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                int[] want = e.getValue().shape(), got = byName.get(e.getKey()).shape;
                if (!Arrays.equals(want, got))
                    throw new IllegalArgumentException(file + ": '" + e.getKey() + "' has shape " + Shape.str(got)
                            + ", " + module + " expects " + Shape.str(want));
            }
            values = readData(file, ch, h);
        }
        module.loadStateDict(values);
    }

    /** The metadata strings of a file (empty if none). */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch).metadata;
        }
    }

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw corrupt(file, "file is " + size + " bytes, shorter than the 8-byte header length");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8)
            throw corrupt(file, "header length " + Long.toUnsignedString(n) + " is impossible for a file of " + size
                    + " bytes (limit " + MAX_HEADER_BYTES + ")");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(file, ch, hb, 8);
        Object root;
        try {
            root = JsonReader.parse(StandardCharsets.UTF_8.newDecoder().decode(hb.flip()).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw corrupt(file, "header is not valid UTF-8");
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "header: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) throw corrupt(file, "header is not a JSON object");
        long dataSize = size - 8 - n;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw corrupt(file, "__metadata__ is not an object");
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String v))
                        throw corrupt(file, "__metadata__ value of '" + me.getKey() + "' is not a string");
                    meta.put((String) me.getKey(), v);
                }
                continue;
            }
            entries.add(entry(file, name, e.getValue(), dataSize));
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin != at)
                throw corrupt(file, "'" + e.name + "' data_offsets [" + e.begin + ", " + e.end + "] "
                        + (e.begin < at ? "overlap another tensor" : "leave a gap after byte " + at));
            at = e.end;
        }
        if (at != dataSize)
            throw corrupt(file, "tensors cover " + at + " bytes of data but the file holds " + dataSize
                    + " (truncated or padded)");
        return new Header(entries, meta, 8 + n);
    }

    private static Entry entry(Path file, String name, Object v, long dataSize) throws IOException {
        if (!(v instanceof Map<?, ?> m)) throw corrupt(file, "entry '" + name + "' is not an object");
        if (!(m.get("dtype") instanceof String dtype)) throw corrupt(file, "'" + name + "' has no string dtype");
        int width = switch (dtype) {
            case "F32", "I32" -> 4;
            case "F64", "I64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw corrupt(file, "'" + name + "' has dtype " + dtype + "; supported: F32, F64, F16, BF16, I64, I32");
        };
        if (!(m.get("shape") instanceof List<?> shapeList)) throw corrupt(file, "'" + name + "' has no shape array");
        if (!(m.get("data_offsets") instanceof List<?> off) || off.size() != 2)
            throw corrupt(file, "'" + name + "' has no data_offsets [begin, end]");
        if (shapeList.size() > 16) throw corrupt(file, "'" + name + "' has " + shapeList.size() + " dimensions");
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE)
                throw corrupt(file, "'" + name + "' has an invalid shape " + shapeList);
            shape[i] = (int) (long) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE - 8) throw corrupt(file, "'" + name + "' shape " + shapeList + " is absurdly large");
        }
        if (!(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end) || begin < 0 || end < begin
                || end > dataSize)
            throw corrupt(file, "'" + name + "' data_offsets " + off + " lie outside the " + dataSize + " bytes of data");
        if (end - begin != numel * width)
            throw corrupt(file, "'" + name + "' shape " + shapeList + " of " + dtype + " needs " + numel * width
                    + " bytes but data_offsets " + off + " give " + (end - begin));
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Map<String, Tensor> readData(Path file, FileChannel ch, Header h) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : h.entries) {
            ByteBuffer b = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, ch, b, h.dataStart + e.begin);
            b.flip();
            float[] d = new float[Shape.numel(e.shape)];
            for (int i = 0; i < d.length; i++) {
                d[i] = switch (e.dtype) {
                    case "F32" -> b.getFloat();
                    case "F64" -> (float) b.getDouble();
                    case "I64" -> (float) b.getLong();
                    case "I32" -> (float) b.getInt();
                    case "F16" -> Float.float16ToFloat(b.getShort());
                    default -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16); // BF16
                };
            }
            out.put(e.name, Tensor.wrap(d, e.shape));
        }
        return out;
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, position + b.position());
            if (r < 0) throw corrupt(file, "unexpected end of file at byte " + (position + b.position()));
        }
    }

    private static IOException corrupt(Path file, String what) {
        return new IOException(file + ": not a valid safetensors file: " + what);
    }
}
