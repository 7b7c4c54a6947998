package org.neurite.data.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.neurite.data.Dataset;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research, 2017; MIT licence): 28x28 grey images of clothing in 10
 * classes, 60,000 for training and 10,000 for testing, 6,000 and 1,000 per class. Each example is {@code [1, 28, 28]}
 * with pixels in [0, 1]; the target is the class index.
 *
 * <p>The files are found by {@link DatasetLocator} (explicit directory, $NEURITE_DATA, ~/.neurite/datasets, Debian's
 * {@code dataset-fashion-mnist} in /usr/share/datasets/fashion-mnist), or downloaded from the official location with
 * SHA-256 verification. The checksums are those of the files the official README lists (with their MD5s
 * 8d4fb7e6..., 25c81989..., bef4ecab..., bb300cfd...).
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** The class names, by index. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Where to look and download from (the official S3 location, then the GitHub repository). */
    public static final DatasetSource SOURCE = new DatasetSource("fashion-mnist",
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")));

    /** The training images: IDX unsigned bytes [60000, 28, 28], gzip. */
    public static final DatasetFile TRAIN_IMAGES = new DatasetFile("train-images-idx3-ubyte.gz", 26_421_880,
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84");
    /** The training labels: IDX unsigned bytes [60000], gzip. */
    public static final DatasetFile TRAIN_LABELS = new DatasetFile("train-labels-idx1-ubyte.gz", 29_515,
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845");
    /** The test images: IDX unsigned bytes [10000, 28, 28], gzip. */
    public static final DatasetFile TEST_IMAGES = new DatasetFile("t10k-images-idx3-ubyte.gz", 4_422_102,
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073");
    /** The test labels: IDX unsigned bytes [10000], gzip. */
    public static final DatasetFile TEST_LABELS = new DatasetFile("t10k-labels-idx1-ubyte.gz", 5_148,
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5");

    /** The 60,000 training examples, found or downloaded as described above. */
    public static Dataset train() {
        return unchecked(() -> train(DatasetLocator.defaults(), null));
    }

    /** The 10,000 test examples. */
    public static Dataset test() {
        return unchecked(() -> test(DatasetLocator.defaults(), null));
    }

    /** The training examples, looking in {@code dir} first. */
    public static Dataset train(Path dir) {
        return unchecked(() -> train(DatasetLocator.defaults(), dir));
    }

    /** The test examples, looking in {@code dir} first. */
    public static Dataset test(Path dir) {
        return unchecked(() -> test(DatasetLocator.defaults(), dir));
    }

    /** The training examples through {@code locator}, looking in {@code dir} (may be null) first. */
    public static Dataset train(DatasetLocator locator, Path dir) throws IOException {
        return IdxImages.load(locator, SOURCE, TRAIN_IMAGES, TRAIN_LABELS, dir, CLASSES, 60_000);
    }

    /** The test examples through {@code locator}, looking in {@code dir} (may be null) first. */
    public static Dataset test(DatasetLocator locator, Path dir) throws IOException {
        return IdxImages.load(locator, SOURCE, TEST_IMAGES, TEST_LABELS, dir, CLASSES, 10_000);
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** Runs {@code s}, turning an IOException into an UncheckedIOException (the one-line API has no checked throws). */
    static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
