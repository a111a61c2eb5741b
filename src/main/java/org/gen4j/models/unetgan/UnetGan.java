package org.gen4j.models.unetgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.models.biggan.BigGan;
import org.gen4j.models.sagan.Generator;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.ops.CutMix;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * U-Net GAN training (Schonfeld et al. 2020, section 3; the authors' {@code train_fns.py}) on
 * BigGAN's generator and the D-step/G-step schedule of {@link HingeGan}, with the authors'
 * non-saturating binary cross-entropy in place of the hinge loss.
 *
 * <ul>
 *   <li>D, a plain step: {@code 1/2 [BCE(D_enc(x), 1) + BCE(D_dec(x), 1)] + 1/2 [BCE(D_enc(G(z)), 0) +
 *       BCE(D_dec(G(z)), 0)]}, the per-pixel terms averaged over the pixels.
 *   <li>D, a CutMix step (probability {@code mixProbability}, rising linearly from 0 over the warm-up,
 *       the authors' {@code slow_mixup}, in place of a plain step as their {@code full_batch_mixup}):
 *       real and fake images mixed by a CutMix mask M ({@link CutMix}, M = 1 on real pixels), the
 *       decoder trained to output M, the encoder to call the mix fake, and the consistency
 *       regulariser {@code ||D_dec(mix(x, G(z), M)) - mix(D_dec(x), D_dec(G(z)), M)||^2} (equation
 *       6) on the logits.
 *   <li>G: {@code 1/2 BCE(D_enc(G(z)), 1) + 1/2 BCE(D_dec(G(z)), 1)}.
 * </ul>
 * Logged: {@code loss_D} (plain or CutMix step), {@code mix} (1 on CutMix steps), {@code consistency}, {@code loss_G}.
 */
public final class UnetGan extends HingeGan<UnetGanConfig, UnetDiscriminator> {

    public UnetGan(UnetGanConfig config, long seed) {
        super(config, seed, UnetGan::generator, (m, rng, c) -> new UnetDiscriminator(m, rng, c.resolution(), c.ch(), c.imageChannels(),
                c.numClasses(), c.init().init()));
    }

    static Generator generator(NDManager m, SplittableRandom rng, UnetGanConfig c) {
        return BigGan.resnetGenerator(m, rng, c.resolution(), c.imageChannels(), c.zDim(), generatorClasses(c), c.sharedDim(),
                c.hierarchical(), c.ch(), 0, c.init().init());
    }

    @Override
    protected NDArray scores(NDArray images, NDArray classWeights) {
        return d.forward(images, classWeights).global();
    }

    @Override
    protected NDArray discriminatorLoss(NDArray reals, NDArray fakes, NDArray classWeights, NDArray labels, StepRandom random,
            Map<String, Double> log) {
        int n = (int) reals.getShape().get(0);
        // augmented before CutMix, so the mixed image and its mask stay aligned with D's per-pixel outputs
        reals = augmented(reals, random);
        fakes = augmented(fakes, random);
        boolean mix = random.nextDouble() < config.mixProbabilityAt(imagesSeen);
        NDArray masks = mix ? CutMix.masks(reals.getManager(), n, config.resolution(), random) : null;
        NDArray images = fakes.concat(reals, 0);
        NDArray classes = classWeights == null ? null : classWeights.concat(classWeights, 0);
        if (mix) {
            images = images.concat(CutMix.mix(reals, fakes, masks), 0);
            classes = classes == null ? null : classes.concat(classWeights, 0);
        }
        UnetDiscriminator.Output out = d.forward(images, classes);
        NDArray fakeGlobal = out.global().get(":" + n), realGlobal = observeReals(out.global().get(n + ":" + 2 * n));
        NDArray fakePixels = out.pixels().get(":" + n), realPixels = out.pixels().get(n + ":" + 2 * n);
        NDArray loss;
        if (!mix) {
            loss = Scalars.mul(Losses.binaryCrossEntropy(realGlobal, 1).add(Losses.binaryCrossEntropy(realPixels, 1)), 0.5)
                    .add(Scalars.mul(Losses.binaryCrossEntropy(fakeGlobal, 0).add(Losses.binaryCrossEntropy(fakePixels, 0)), 0.5));
        } else {
            NDArray mixedGlobal = out.global().get(2 * n + ":"), mixedPixels = out.pixels().get(2 * n + ":");
            NDArray consistency = CutMix.consistency(mixedPixels, realPixels, fakePixels, masks);
            log.put("consistency", (double) consistency.getFloat());
            loss = Losses.binaryCrossEntropy(mixedPixels, masks).add(Losses.binaryCrossEntropy(mixedGlobal, 0))
                    .add(Scalars.mul(consistency, config.consistencyWeight()));
        }
        log.put("loss_D", (double) loss.getFloat());
        log.put("mix", mix ? 1.0 : 0.0);
        return loss;
    }

    @Override
    protected NDArray generatorLoss(NDArray fakes, NDArray classWeights, NDArray labels, StepRandom random, Map<String, Double> log) {
        UnetDiscriminator.Output out = d.forward(augmented(fakes, random), classWeights);
        NDArray loss = Scalars.mul(Losses.binaryCrossEntropy(out.global(), 1).add(Losses.binaryCrossEntropy(out.pixels(), 1)), 0.5);
        log.put("loss_G", (double) loss.getFloat());
        return loss;
    }
}
