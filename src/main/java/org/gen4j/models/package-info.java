/** The model registry ({@link org.gen4j.models.Models}); each model lives in its own sub-package. */
package org.gen4j.models;
