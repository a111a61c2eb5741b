package org.gen4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private Path write(NDManager m) throws IOException {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("b.weight", m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
        t.put("a", m.create(new float[] {-1.5f}, new Shape(1)));
        t.put("scalar", m.create(7f));
        Path f = dir.resolve("t.safetensors");
        AtomicFiles.write(f, out -> SafeTensors.write(out, t, Map.of("format", "test")));
        return f;
    }

    @Test
    void roundTripKeepsNamesShapesValuesOrderAndMetadata() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            SafeTensors.Contents c = SafeTensors.read(write(m), m);
            assertThat(c.tensors().keySet()).containsExactly("b.weight", "a", "scalar");
            assertThat(c.tensors().get("b.weight").getShape()).isEqualTo(new Shape(2, 3));
            assertThat(c.tensors().get("b.weight").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(c.tensors().get("scalar").getShape()).isEqualTo(new Shape());
            assertThat(c.metadata()).containsEntry("format", "test");
        }
    }

    /** The layout the format specifies: u64 LE header size, JSON header, little-endian data. */
    @Test
    void fileFollowsTheSpecifiedLayout() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] b = Files.readAllBytes(write(m));
            long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(n % 8).isZero();
            JsonObject h = JsonParser.parseString(new String(b, 8, (int) n, StandardCharsets.UTF_8).strip()).getAsJsonObject();
            assertThat(h.getAsJsonObject("a").get("dtype").getAsString()).isEqualTo("F32");
            assertThat(h.getAsJsonObject("a").getAsJsonArray("data_offsets").get(0).getAsLong()).isEqualTo(24);
            float a = ByteBuffer.wrap(b, (int) (8 + n + 24), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            assertThat(a).isEqualTo(-1.5f);
            assertThat(b.length).isEqualTo(8 + n + 32);
        }
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path f = write(m);
            byte[] b = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(b, b.length - 3));
            assertThatThrownBy(() -> SafeTensors.read(f, m)).hasMessageContaining(f.toString()).hasMessageContaining("(truncated)");
        }
    }

    @Test
    void garbageHeaderIsNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path f = dir.resolve("g.safetensors");
            Files.write(f, new byte[] {(byte) 200, 0, 0, 0, 0, 0, 0, 0, 'x'});
            assertThatThrownBy(() -> SafeTensors.read(f, m)).hasMessageContaining("header length 200 does not fit");
            ByteBuffer bb = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put("nope".getBytes(StandardCharsets.US_ASCII));
            Files.write(f, bb.array());
            assertThatThrownBy(() -> SafeTensors.read(f, m)).hasMessageContaining("header is not a JSON object");
        }
    }

    static Path withHeader(Path f, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
        Files.write(f, bb.array());
        return f;
    }

    @Test
    void offsetsOutsideTheFileOrOverlappingAreNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path outside = withHeader(dir.resolve("o.safetensors"),
                    "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1000000],"
                            + "\"data_offsets\":[8,4000008]}}", 8);
            assertThatThrownBy(() -> SafeTensors.read(outside, m)).hasMessageContaining("need 4000008 data bytes but the file holds 8 (truncated)");
            Path overlap = withHeader(dir.resolve("v.safetensors"),
                    "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                            + "\"data_offsets\":[4,12]}}", 12);
            assertThatThrownBy(() -> SafeTensors.read(overlap, m)).hasMessageContaining("tensor 'b' starts at byte 4 where 8 was expected");
        }
    }
}
