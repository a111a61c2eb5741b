package org.gen4j.models.vdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gen4j.Gen4jException;
import org.junit.jupiter.api.Test;

class BlockLayoutTest {

    @Test
    void theCifar10LayoutParsesIntoThePapersBlockCounts() {
        BlockLayout l = VdvaeConfig.cifar10().layout();
        assertThat(l.encoder()).hasSize(11 + 1 + 6 + 1 + 6 + 1 + 3 + 1 + 3);
        assertThat(l.decoder()).hasSize(1 + 1 + 2 + 1 + 5 + 1 + 10 + 1 + 21);
        assertThat(l.encoder().get(11)).isEqualTo(new BlockLayout.EncoderBlock(32, 2));
        assertThat(l.encoder().get(l.encoder().size() - 4)).isEqualTo(new BlockLayout.EncoderBlock(4, 4));
        assertThat(l.decoder().get(1)).isEqualTo(new BlockLayout.DecoderBlock(4, 1));
        assertThat(l.decoder().get(4)).isEqualTo(new BlockLayout.DecoderBlock(8, 4));
        assertThat(l.decoderResolutions()).containsExactly(1, 4, 8, 16, 32);
    }

    @Test
    void theBenchLayoutAt32IsTheAnchorsStrings() {
        String[] l = BlockLayout.anchorLayout(32);
        assertThat(l[0]).isEqualTo("32x3,32d2,16x3,16d2,8x3,8d2,4x3,4d4,1x3");
        assertThat(l[1]).isEqualTo("1x1,4m1,4x2,8m4,8x2,16m8,16x2,32m16,32x2");
        String[] l16 = BlockLayout.anchorLayout(16);
        assertThat(BlockLayout.parse(l16[0], l16[1], 16).decoderResolutions()).containsExactly(1, 4, 8, 16);
    }

    @Test
    void aTokenThatDoesNotParseIsNamed() {
        assertThatThrownBy(() -> BlockLayout.parse("32x2,32q2,16x1", "1x1,4m1", 32)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("encBlocks token '32q2' does not parse");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,8d2,4d4", "1x1,4m1,8x", 8)).isInstanceOf(Gen4jException.class)
                .hasMessageContaining("decBlocks token '8x'");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,8m2", "8x1", 8)).hasMessageContaining("encBlocks token '8m2'");
        assertThatThrownBy(() -> BlockLayout.parse("8x1", "8d2", 8)).hasMessageContaining("decBlocks token '8d2'");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,,8d2", "8x1", 8)).hasMessageContaining("encBlocks token ''");
        assertThatThrownBy(() -> BlockLayout.parse("8x1", "6x1", 8)).hasMessageContaining("'6x1'").hasMessageContaining("power of two");
    }

    @Test
    void resolutionsThatDoNotMatchTheDataAreRefused() {
        assertThatThrownBy(() -> BlockLayout.parse("32x2,32d2", "16x1,32m16", 16)).hasMessageContaining("encBlocks token '32x2' works at 32x32")
                .hasMessageContaining("images are 16x16");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,8d2,4x1", "4x1", 8)).hasMessageContaining("decBlocks ends at 4x4");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,8d2,4x1", "2x1,8x1", 8)).hasMessageContaining("'2x1'")
                .hasMessageContaining("activations only at");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,8d2,4x1", "8m4,8x1", 8)).hasMessageContaining("mixes in 4x4, which no earlier");
        assertThatThrownBy(() -> BlockLayout.parse("8x1,8d3", "8x1", 8)).hasMessageContaining("does not divide");
        assertThatThrownBy(() -> new VdvaeConfig(16, 1, 4, 8, 2, 0.5, "32x1,32d2", "16x1", 2, 1e-3, 0.9, 0.9, 0, 0, 200, 400, 0.9))
                .isInstanceOf(Gen4jException.class).hasMessageContaining("encBlocks token '32x1'");
    }
}
