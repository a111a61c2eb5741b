/**
 * Datasets: readers for IDX, image folders, ZIPs with {@code dataset.json} and CIFAR-10; the
 * Fashion-MNIST locator; resizing to a model's resolution; the prefetching, seeded batch loader.
 */
package org.gen4j.data;
