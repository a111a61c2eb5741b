package org.gen4j.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gen4j.Gen4jException;

/** Opens the feature network a user names, or the built-in one. */
public final class FeatureNetworks {

    private FeatureNetworks() {}

    /**
     * @param file a gen4j feature network ({@code .safetensors} from {@code gen4j featnet train}) or
     *     a TorchScript file such as the FID Inception-v3; {@code null} for the built-in
     *     Fashion-MNIST classifier
     */
    public static FeatureNetwork open(Path file) {
        if (file == null) {
            return ClassifierFeatures.builtIn();
        }
        Gen4jException.check(Files.isRegularFile(file), "--feature-net %s does not exist.", file);
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            Gen4jException.check(in.readNBytes(head, 0, 2) == 2, "--feature-net %s is empty.", file);
        } catch (IOException e) {
            throw new Gen4jException("cannot read --feature-net " + file + ": " + e.getMessage() + ".");
        }
        boolean zip = head[0] == 'P' && head[1] == 'K'; // TorchScript archives are zip files
        return zip ? TorchScriptFeatures.load(file) : ClassifierFeatures.load(file);
    }
}
