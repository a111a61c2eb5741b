/**
 * Parts shared by the style-based generators (StyleGAN and its successors): the mapping network,
 * the W space with its tracked average, style mixing and truncation, and the noise modes.
 */
package org.gen4j.models.style;
