/**
 * gen4j: train, sample and evaluate the classic image-generation models on the JVM.
 *
 * <p>Packages, with dependencies pointing down: {@code cli} (commands) over {@code api} (the Java
 * API) and {@code interop} (other tools' files) over {@code models.*}
 * (one package per paper) over {@code train} (the shared loop) over {@code nn} (layers) over
 * {@code ops} (pure tensor functions) over {@code data}, {@code io} and {@code util}.
 */
package org.gen4j;
