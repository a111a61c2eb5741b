package org.gen4j.models.ncpvae;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Gen4jException;
import org.gen4j.models.Models;
import org.gen4j.models.vdvae.Vdvae;
import org.gen4j.models.vdvae.VdvaeConfig;
import org.gen4j.train.Checkpoints;
import org.gen4j.train.RunConfig;

/** The trained VDVAE that NCP-VAE builds on, read from its run folder's newest checkpoint. */
final class BaseRun {

    private BaseRun() {}

    /**
     * The VDVAE of run {@code base} at its newest intact checkpoint.
     *
     * @throws Gen4jException in one sentence when {@code base} is empty, missing, not a run or not a VDVAE run
     */
    static Vdvae load(String base) {
        Gen4jException.check(!base.isEmpty(), "NCP-VAE trains on a trained VDVAE; give its run folder with --base RUN.");
        Path dir = Path.of(base);
        Gen4jException.check(Files.isDirectory(dir), "the base run %s does not exist; --base takes the run folder of a trained VDVAE.", base);
        Gen4jException.check(Files.isDirectory(dir.resolve("checkpoints")),
                "the base run %s is not a run folder (it has no checkpoints/); --base takes the run folder of a trained VDVAE.", base);
        Checkpoints.Info info = Checkpoints.latest(dir.resolve("checkpoints"));
        RunConfig run = RunConfig.fromJson(info.runConfig(), name -> Models.get(name).configType(), info.json().toString());
        if (!(run.modelConfig() instanceof VdvaeConfig config)) {
            throw new Gen4jException("the base run " + base + " is a " + run.model() + " run, not a VDVAE run; NCP-VAE trains on a trained VDVAE.");
        }
        Vdvae vae = new Vdvae(config, run.seed());
        try (NDManager scratch = NDManager.newBaseManager()) {
            Checkpoints.load(info, vae, scratch);
        } catch (RuntimeException e) {
            vae.close();
            throw e;
        }
        return vae;
    }
}
