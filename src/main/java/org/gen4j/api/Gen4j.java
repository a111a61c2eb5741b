package org.gen4j.api;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.gen4j.train.TrainingLoop;

/**
 * gen4j as a library. The command line is built on the same calls:
 *
 * <pre>{@code
 * try (TrainedModel m = Gen4j.open(Path.of("runs/biggan-fashion-mnist"))) {
 *     Images images = m.generate(new long[] {0, 1, 2, 3}, new int[] {1, 1, 1, 1}, null); // four trousers
 *     ImageIO.write(images.image(0), "png", new File("trouser.png"));
 * }
 *
 * TrainingLoop.Result r = Gen4j.train(TrainRequest.model("biggan").kimg(10.0), new PrintWriter(System.out, true), false,
 *         line -> System.out.println(line.get("kimg") + " kimg, loss_D " + line.get("loss_D")));
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

    /**
     * Trains as {@code gen4j train} does: a new run, or a resumed one exactly where its checkpoint
     * left off; Ctrl-C (SIGINT or SIGTERM) stops it after the current step with a checkpoint.
     *
     * @param request what to train
     * @param log where the one-line notices go (the configuration, checkpoints, the tick lines
     *     when there is no progress bar)
     * @param progressBar draw a progress bar on the terminal instead of tick lines
     * @param onTick called with every line appended to the run's metrics.jsonl
     * @return the step, images seen and last checkpoint, and whether the run was stopped early
     * @throws IOException if a run file cannot be read or written
     * @throws org.gen4j.Gen4jException naming a bad request in one sentence
     */
    public static TrainingLoop.Result train(TrainRequest request, PrintWriter log, boolean progressBar, Consumer<JsonObject> onTick)
            throws IOException {
        return new Training(request, log, progressBar, onTick).run();
    }
}
