/** The {@code gen4j} command line (picocli): parses flags, calls the library, prints results and one-sentence errors. */
package org.gen4j.cli;
