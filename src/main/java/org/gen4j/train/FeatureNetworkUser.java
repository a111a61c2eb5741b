package org.gen4j.train;

import java.util.List;

/**
 * A model that trains on frozen feature networks (StyleGAN-XL's projected discriminator and
 * classifier guidance): {@code gen4j eval} warns when one of them is the network it measures
 * with, since a generator trained against a network's features scores unduly well on metrics
 * computed in those features (Kynkaanniemi et al., ICLR 2023).
 */
public interface FeatureNetworkUser {

    /** The ids of the feature networks the model trains on (as {@code FeatureNetwork.id()} gives them). */
    List<String> featureNetworkIds();
}
