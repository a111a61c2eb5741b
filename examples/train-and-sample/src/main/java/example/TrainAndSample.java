package example;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.gen4j.api.Gen4j;
import org.gen4j.api.Images;
import org.gen4j.api.TrainRequest;
import org.gen4j.api.TrainedModel;
import org.gen4j.train.TrainingLoop;

/**
 * gen4j from another Maven project: trains a tiny ProGAN on Fashion-MNIST's test split (bundled in gen4j's jar) for a few dozen images,
 * listening to its metrics, then opens the run and writes four samples as PNG files.
 * Usage: java example.TrainAndSample RUN_FOLDER
 */
public final class TrainAndSample {

    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        TrainRequest request = TrainRequest.model("progan").data("fashion-mnist:test").resolution(8).batch(8).kimg(0.032).out(run)
                .force(true).reporting(0.008, 0.032, 0.032, null, 4);
        for (String setting : new String[] {"latentDim=8", "fmapBase=64", "fmapMax=8", "stableKimg=0.016", "fadeKimg=0.016"}) {
            request.set(setting);
        }
        TrainingLoop.Result result = Gen4j.train(request, new PrintWriter(System.out, true), false,
                line -> System.out.println("tick: " + line.get("kimg") + " kimg, loss_D " + line.get("loss_D")));
        System.out.println("trained to " + result.imagesSeen() + " images");
        try (TrainedModel model = Gen4j.open(run)) {
            Images images = model.generate(new long[] {0, 1, 2, 3}, null, null);
            for (int i = 0; i < images.count(); i++) {
                File png = run.resolve("sample-" + i + ".png").toFile();
                ImageIO.write(images.image(i), "png", png);
                if (!png.isFile()) {
                    throw new IllegalStateException("no " + png);
                }
            }
            System.out.println("wrote " + images.count() + " samples of " + model.modelName() + " to " + run);
        }
        if (!Files.isRegularFile(run.resolve("metrics.jsonl"))) {
            throw new IllegalStateException("the run has no metrics.jsonl");
        }
    }
}
