package org.gen4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gen4j.Gen4jException;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * mapping each name to {@code dtype}, {@code shape} and {@code data_offsets}, then the raw
 * little-endian tensor bytes, back to back. Files written here load in Python with
 * {@code safetensors.torch.load_file}. gen4j stores float32 tensors ({@code F32}).
 */
public final class SafeTensors {

    private static final long MAX_HEADER = 100L << 20;
    private static final Gson GSON = new Gson();

    private SafeTensors() {}

    /**
     * Writes {@code tensors} (float32) and string metadata to {@code out}, in map order.
     *
     * @return the number of bytes written
     */
    public static long write(OutputStream out, Map<String, NDArray> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            header.add("__metadata__", GSON.toJsonTree(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray t = e.getValue();
            if (t.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' is " + t.getDataType() + ", not float32");
            }
            long bytes = t.size() * 4;
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.getShape().getShape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        out.write(prefix.array());
        for (NDArray t : tensors.values()) {
            float[] values = t.toFloatArray();
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            out.write(buf.array());
        }
        return 8L + padded + offset;
    }

    /** A file's tensors and metadata. */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {}

    /**
     * Reads and validates a safetensors file, creating the tensors on {@code manager}.
     *
     * @throws Gen4jException naming the file and what is wrong with it (truncated, malformed
     *     header, overlapping or out-of-range data, unsupported dtype)
     */
    public static Contents read(Path file, NDManager manager) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "it has only " + size + " bytes");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw corrupt(file, "its header length " + headerLen + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonObject header;
            try {
                header = JsonParser.parseString(new String(headerBuf.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw corrupt(file, "its header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                    continue;
                }
                entries.add(parseEntry(file, e.getKey(), e.getValue()));
            }
            entries.sort((a, b) -> Long.compare(a.begin, b.begin));
            long expected = 0;
            for (Entry en : entries) {
                if (en.begin != expected) {
                    throw corrupt(file, "tensor '" + en.name + "' starts at byte " + en.begin + " where " + expected + " was expected");
                }
                expected = en.end;
            }
            if (expected != dataLen) {
                throw corrupt(file, "its tensors need " + expected + " data bytes but the file holds " + dataLen
                        + (expected > dataLen ? " (truncated)" : ""));
            }
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Entry en : entries) {
                ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(en.end - en.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, dataStart + en.begin);
                float[] values = new float[data.capacity() / 4];
                data.flip().asFloatBuffer().get(values);
                tensors.put(en.name, manager.create(values, en.shape));
            }
            Map<String, NDArray> ordered = new LinkedHashMap<>();
            for (String key : header.keySet()) {
                if (tensors.containsKey(key)) {
                    ordered.put(key, tensors.get(key));
                }
            }
            return new Contents(ordered, metadata);
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Entry(String name, Shape shape, long begin, long end) {}

    private static Entry parseEntry(Path file, String name, JsonElement value) {
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            if (!dtype.equals("F32")) {
                throw corrupt(file, "tensor '" + name + "' has dtype " + dtype + "; gen4j reads F32 only");
            }
            JsonArray s = o.getAsJsonArray("shape");
            long[] dims = new long[s.size()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = s.get(i).getAsLong();
                if (dims[i] < 0) {
                    throw corrupt(file, "tensor '" + name + "' has a negative dimension");
                }
                count = Math.multiplyExact(count, dims[i]);
            }
            JsonArray off = o.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong();
            long end = off.get(1).getAsLong();
            if (end - begin != count * 4) {
                throw corrupt(file, "tensor '" + name + "' has " + (end - begin) + " bytes for shape " + new Shape(dims));
            }
            return new Entry(name, new Shape(dims), begin, end);
        } catch (RuntimeException e) {
            if (e instanceof Gen4jException g) {
                throw g;
            }
            throw corrupt(file, "the header entry for '" + name + "' is malformed");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static Gen4jException corrupt(Path file, String why) {
        return new Gen4jException(file + " is not a valid safetensors file: " + why + ".");
    }
}
