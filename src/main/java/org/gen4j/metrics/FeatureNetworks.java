package org.gen4j.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Gen4jException;

/** Opens the feature network a user names, or the built-in one. */
public final class FeatureNetworks {

    /** The option that chooses the metrics' feature network, named in their errors. */
    public static final String FLAG = "--feature-net";

    private FeatureNetworks() {}

    /**
     * @param file a gen4j feature network ({@code .safetensors} from {@code gen4j featnet train}) or
     *     a TorchScript file such as the FID Inception-v3; {@code null} for the built-in
     *     Fashion-MNIST classifier
     * @param flag the option that named {@code file}, for the errors ({@link #FLAG}, or a model's own)
     */
    public static FeatureNetwork open(Path file, String flag) {
        if (file == null) {
            return ClassifierFeatures.builtIn();
        }
        Gen4jException.check(Files.isRegularFile(file), "%s %s does not exist.", flag, file);
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            Gen4jException.check(in.readNBytes(head, 0, 2) == 2, "%s %s is empty.", flag, file);
        } catch (IOException e) {
            throw new Gen4jException("cannot read " + flag + " " + file + ": " + e.getMessage() + ".");
        }
        boolean zip = head[0] == 'P' && head[1] == 'K'; // TorchScript archives are zip files
        return zip ? TorchScriptFeatures.load(file) : ClassifierFeatures.load(file);
    }
}
