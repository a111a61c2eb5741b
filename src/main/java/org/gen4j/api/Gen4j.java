package org.gen4j.api;

import java.nio.file.Path;

/**
 * gen4j as a library. The command line is built on the same calls:
 *
 * <pre>{@code
 * try (TrainedModel m = Gen4j.open(Path.of("runs/biggan-fashion-mnist"))) {
 *     Images images = m.generate(new long[] {0, 1, 2, 3}, new int[] {1, 1, 1, 1}, null); // four trousers
 *     ImageIO.write(images.image(0), "png", new File("trouser.png"));
 * }
 * }</pre>
 */
public final class Gen4j {

    private Gen4j() {}

    /**
     * A trained model: from a run folder (its newest intact checkpoint), a checkpoint record
     * ({@code ckpt-*.json}) or its tensors ({@code ckpt-*.safetensors}).
     *
     * @param runOrCheckpoint a run folder, {@code ckpt-*.json} or {@code ckpt-*.safetensors}
     * @return the model, to be closed when done
     * @throws org.gen4j.Gen4jException naming what is wrong with the path or the checkpoint
     */
    public static TrainedModel open(Path runOrCheckpoint) {
        return TrainedModel.open(runOrCheckpoint);
    }
}
