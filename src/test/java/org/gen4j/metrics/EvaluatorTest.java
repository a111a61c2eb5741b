package org.gen4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.data.Dataset;
import org.gen4j.data.FashionMnist;
import org.gen4j.train.ImageGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    @TempDir
    static Path cache;

    static Dataset test;
    static Dataset train;
    static FeatureNetwork net;

    /** The test split is bundled; the training split comes from Debian's package when installed (as in CI). */
    @BeforeAll
    static void load() throws Exception {
        test = new FashionMnist(List.of(), cache.resolve("none"), null, s -> {}).load(FashionMnist.Split.TEST);
        train = new FashionMnist(List.of(Path.of("/usr/share/datasets/fashion-mnist")), cache.resolve("none"), null, s -> {})
                .load(FashionMnist.Split.TRAIN);
        net = ClassifierFeatures.builtIn();
    }

    @AfterAll
    static void close() {
        net.close();
    }

    /** A "generator" that returns images of a dataset in order (the latent only picks the batch size). */
    static ImageGenerator replay(Dataset d, int offset) {
        Dataset data = org.gen4j.data.Resize.fit(d, 32);
        return new ImageGenerator() {
            int next = offset;

            public int latentDim() {
                return 4;
            }

            public int imageChannels() {
                return 1;
            }

            public int resolution() {
                return 32;
            }

            public int numClasses() {
                return 0;
            }

            public NDArray generate(NDArray latents, NDArray classes) {
                int n = (int) latents.getShape().get(0), size = data.imageSize();
                float[] px = new float[n * size];
                for (int i = 0; i < n; i++, next++) {
                    for (int j = 0; j < size; j++) {
                        px[i * size + j] = (data.pixels()[(next % data.count()) * size + j] & 0xff) / 127.5f - 1f;
                    }
                }
                return latents.getManager().create(px, new Shape(n, 1, 32, 32));
            }
        };
    }

    /** Uniform noise images. */
    static ImageGenerator noise() {
        return new ImageGenerator() {
            final SplittableRandom rng = new SplittableRandom(1);

            public int latentDim() {
                return 4;
            }

            public int imageChannels() {
                return 1;
            }

            public int resolution() {
                return 32;
            }

            public int numClasses() {
                return 0;
            }

            public NDArray generate(NDArray latents, NDArray classes) {
                int n = (int) latents.getShape().get(0);
                float[] px = new float[n * 1024];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (float) (rng.nextDouble() * 2 - 1);
                }
                return latents.getManager().create(px, new Shape(n, 1, 32, 32));
            }
        };
    }

    @Test
    void aTrainSubsetScoresWellAgainstTheTestSplitAndNoiseBadly() {
        EnumSet<Metric> unconditional = EnumSet.allOf(Metric.class);
        unconditional.removeIf(x -> x.conditional() || x.equivariance() || x.likelihood());
        Evaluator e = new Evaluator(test, unconditional, 1000, net, cache, s -> {});
        Map<String, Double> real = e.evaluate(replay(train, train.count() == test.count() ? 5000 : 0));
        Map<String, Double> noise = e.evaluate(noise());
        // 1000 against 1000 images leaves FID a finite-sample bias of a few units
        assertThat(real.get("fid")).isLessThan(10);
        assertThat(noise.get("fid")).isGreaterThan(20 * real.get("fid"));
        assertThat(real.get("kid")).isLessThan(noise.get("kid"));
        assertThat(real.get("is")).isGreaterThan(5).isGreaterThan(noise.get("is"));
        assertThat(real.get("precision")).isGreaterThan(0.6);
        assertThat(real.get("recall")).isGreaterThan(0.6);
        // noise collapses to a small region of feature space: whether that region falls inside some
        // real outlier's k-NN ball decides its precision (the metric's known outlier sensitivity),
        // but none of the real manifold is covered by it
        assertThat(noise.get("recall")).isLessThan(0.05);
        assertThat(real.get("precision")).isGreaterThan(noise.get("precision"));
        assertThat(real.get("swd")).isLessThan(noise.get("swd"));
        assertThat(real).containsKeys("swd_32", "swd_16", "is_std");
    }

    @Test
    void referenceFeaturesAreCachedPerDataNetworkAndSize() throws Exception {
        Dataset reference = test.head(300);
        Evaluator e = new Evaluator(reference, EnumSet.of(Metric.FID), 200, net, cache.resolve("c"), s -> {});
        double first = e.evaluate(replay(test, 5000)).get("fid");
        assertThat(java.nio.file.Files.list(cache.resolve("c")).toList()).hasSize(1);
        Evaluator again = new Evaluator(reference, EnumSet.of(Metric.FID), 200, net, cache.resolve("c"), s -> {
            if (s.startsWith("computing reference")) {
                throw new AssertionError("the reference features were computed again");
            }
        });
        assertThat(again.evaluate(replay(test, 5000)).get("fid")).isEqualTo(first);
    }

    @Test
    void badRequestsAreNamed() {
        Dataset small = test.head(50);
        assertThatThrownBy(() -> new Evaluator(small, EnumSet.of(Metric.FID), 100, net, cache, s -> {}))
                .hasMessageContaining("--num 100 is larger than the reference set").hasMessageContaining("has 50 images");
        assertThatThrownBy(() -> Metric.parse("fid,fdi")).hasMessageContaining("unknown metric 'fdi'; accepted: fid, kid, is, pr, swd");
        Dataset rgb = new Dataset("rgb", new byte[10 * 3 * 32 * 32], 10, 3, 32, 32, null, List.of());
        assertThatThrownBy(() -> new Evaluator(rgb, EnumSet.of(Metric.FID), 5, net, cache, s -> {}))
                .hasMessageContaining("takes 1-channel images but these have 3");
        Evaluator swd = new Evaluator(rgb, EnumSet.of(Metric.SWD), 5, null, cache, s -> {});
        assertThatThrownBy(() -> swd.evaluate(replay(test, 0))).hasMessageContaining("the generator makes 1-channel images but");
        Dataset tiny = new Dataset("tiny", new byte[10 * 8 * 8], 10, 1, 8, 8, null, List.of());
        assertThatThrownBy(() -> new Evaluator(tiny, EnumSet.of(Metric.SWD), 5, null, cache, s -> {}).evaluate(replay(test, 0)))
                .hasMessageContaining("the generator makes 32x32 images but the reference images are 8x8");
    }
}
