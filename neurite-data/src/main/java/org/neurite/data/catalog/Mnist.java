package org.neurite.data.catalog;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.neurite.data.Dataset;

/**
 * MNIST (LeCun, Cortes and Burges): 28x28 grey images of handwritten digits 0-9, 60,000 for training and 10,000 for
 * testing. Each example is {@code [1, 28, 28]} with pixels in [0, 1]; the target is the digit.
 *
 * <p>The files are found by {@link DatasetLocator} (explicit directory, $NEURITE_DATA/mnist, ~/.neurite/datasets/mnist)
 * or downloaded with SHA-256 verification from the official location (yann.lecun.com, which often refuses robots), then
 * the mirrors PyTorch and TensorFlow use, which serve the same bytes.
 */
public final class Mnist {
    private Mnist() {}

    /** The class names ("0" to "9"). */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Where to look and download from. No system package ships MNIST on Debian. */
    public static final DatasetSource SOURCE = new DatasetSource("mnist", List.of(),
            List.of(URI.create("https://yann.lecun.com/exdb/mnist/"),
                    URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")));

    /** The training images: IDX unsigned bytes [60000, 28, 28], gzip. */
    public static final DatasetFile TRAIN_IMAGES = new DatasetFile("train-images-idx3-ubyte.gz", 9_912_422,
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    /** The training labels: IDX unsigned bytes [60000], gzip. */
    public static final DatasetFile TRAIN_LABELS = new DatasetFile("train-labels-idx1-ubyte.gz", 28_881,
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c");
    /** The test images: IDX unsigned bytes [10000, 28, 28], gzip. */
    public static final DatasetFile TEST_IMAGES = new DatasetFile("t10k-images-idx3-ubyte.gz", 1_648_877,
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6");
    /** The test labels: IDX unsigned bytes [10000], gzip. */
    public static final DatasetFile TEST_LABELS = new DatasetFile("t10k-labels-idx1-ubyte.gz", 4_542,
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    /** The 60,000 training examples, found or downloaded as described above. */
    public static Dataset train() {
        return FashionMnist.unchecked(() -> train(DatasetLocator.defaults(), null));
    }

    /** The 10,000 test examples. */
    public static Dataset test() {
        return FashionMnist.unchecked(() -> test(DatasetLocator.defaults(), null));
    }

    /** The training examples, looking in {@code dir} first. */
    public static Dataset train(Path dir) {
        return FashionMnist.unchecked(() -> train(DatasetLocator.defaults(), dir));
    }

    /** The test examples, looking in {@code dir} first. */
    public static Dataset test(Path dir) {
        return FashionMnist.unchecked(() -> test(DatasetLocator.defaults(), dir));
    }

    /** The training examples through {@code locator}, looking in {@code dir} (may be null) first. */
    public static Dataset train(DatasetLocator locator, Path dir) throws IOException {
        return IdxImages.load(locator, SOURCE, TRAIN_IMAGES, TRAIN_LABELS, dir, CLASSES, 60_000);
    }

    /** The test examples through {@code locator}, looking in {@code dir} (may be null) first. */
    public static Dataset test(DatasetLocator locator, Path dir) throws IOException {
        return IdxImages.load(locator, SOURCE, TEST_IMAGES, TEST_LABELS, dir, CLASSES, 10_000);
    }
}
