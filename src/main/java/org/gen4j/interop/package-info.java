/** Other tools' trained networks in and out of gen4j: NVIDIA's StyleGAN network pickles. */
package org.gen4j.interop;
