package org.gen4j.models.adcgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.SplittableRandom;
import org.gen4j.models.biggan.BigGan;
import org.gen4j.models.sagan.ClassTables;
import org.gen4j.models.sagan.Generator;
import org.gen4j.models.sagan.HingeGan;
import org.gen4j.ops.Losses;
import org.gen4j.ops.Scalars;
import org.gen4j.train.StepRandom;

/**
 * ADC-GAN training (Hou et al., ICML 2022, section 3, equations 6 and 7; the authors'
 * {@code train_fns.py}): BigGAN's hinge training ({@link HingeGan}) on its generator
 * ({@link BigGan#resnetGenerator}, or per-class tables as the authors' CIFAR networks), with D's
 * objective adding {@code lambda_D [CE(C(x), 2y) + CE(C(G(z, y)), 2y + 1)]} and G's adding
 * {@code lambda_G [CE(C(G(z, y)), 2y) - CE(C(G(z, y)), 2y + 1)]}; D sees fakes and reals in one
 * pass. Logged: {@code loss_D}, {@code adc_D} (the classifier term), {@code loss_G}, {@code adc_G}.
 */
public final class AdcGan extends HingeGan<AdcGanConfig, AdcDiscriminator> {

    public AdcGan(AdcGanConfig config, long seed) {
        super(config, seed, AdcGan::generator, (m, rng, c) -> new AdcDiscriminator(m, rng, c.resolution(), c.ch(), c.imageChannels(),
                c.attentionResolution(), c.numClasses(), c.init().init()));
    }

    static Generator generator(NDManager m, SplittableRandom rng, AdcGanConfig c) {
        if (c.sharedEmbedding()) {
            return BigGan.resnetGenerator(m, rng, c.resolution(), c.imageChannels(), c.zDim(), c.numClasses(), c.sharedDim(),
                    c.hierarchical(), c.ch(), c.attentionResolution(), c.init().init());
        }
        // BigGAN-PyTorch's non-shared form: per-class gain and bias tables, gain 1 + table, initialised as the other weights
        return Generator.resnet(m, rng, new ClassTables(c.zDim(), c.numClasses()), c.resolution(), c.ch(), c.attentionResolution(),
                c.imageChannels(), c.init().init(), c.init().init(), false);
    }

    @Override
    protected NDArray scores(NDArray images, NDArray classWeights) {
        return d.forward(images).scores();
    }

    @Override
    protected NDArray discriminatorLoss(NDArray reals, NDArray fakes, NDArray classWeights, NDArray labels, StepRandom random,
            Map<String, Double> log) {
        int n = (int) reals.getShape().get(0);
        AdcDiscriminator.Output both = d.forward(augmented(fakes.concat(reals, 0), random));
        NDArray hinge = Losses.hingeDiscriminator(observeReals(both.scores().get(n + ":")), both.scores().get(":" + n));
        NDArray adc = Losses.adcDiscriminator(both.logits().get(n + ":"), labels, both.logits().get(":" + n), labels);
        log.put("loss_D", (double) hinge.getFloat());
        log.put("adc_D", (double) adc.getFloat());
        return hinge.add(Scalars.mul(adc, config.lambdaD()));
    }

    @Override
    protected NDArray generatorLoss(NDArray fakes, NDArray classWeights, NDArray labels, StepRandom random, Map<String, Double> log) {
        AdcDiscriminator.Output out = d.forward(augmented(fakes, random));
        NDArray hinge = Losses.hingeGenerator(out.scores());
        NDArray adc = Losses.adcGenerator(out.logits(), labels);
        log.put("loss_G", (double) hinge.getFloat());
        log.put("adc_G", (double) adc.getFloat());
        return hinge.add(Scalars.mul(adc, config.lambdaG()));
    }
}
