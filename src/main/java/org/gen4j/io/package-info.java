/** Files: safetensors, atomic writes, PNG grids and animated GIFs. */
package org.gen4j.io;
