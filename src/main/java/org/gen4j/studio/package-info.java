/**
 * gen4j studio: a local web application to watch runs train and explore trained models
 * ({@code gen4j studio}). {@link org.gen4j.studio.Studio} is the server, {@link org.gen4j.studio.RunStore}
 * reads run folders (names resolved inside the runs folder only), {@link org.gen4j.studio.ModelPool}
 * owns each loaded model on one worker thread, {@link org.gen4j.studio.Explorer} renders what the page
 * asks for through the capability interfaces of {@code train}, and {@link org.gen4j.studio.Guard}
 * checks every request's token and Host header.
 */
package org.gen4j.studio;
