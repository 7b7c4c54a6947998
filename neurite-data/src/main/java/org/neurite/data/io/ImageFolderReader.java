package org.neurite.data.io;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.neurite.data.TensorDataset;

/**
 * Reads an image-classification folder: one subfolder per class (classes numbered in sorted name order), each holding
 * PNG, JPEG, GIF or BMP images (read through {@code javax.imageio}). Every image is resized (bilinear) to
 * {@code height x width} and stored as {@code [3, H, W]} RGB or {@code [1, H, W]} grey (luma
 * {@code 0.299 R + 0.587 G + 0.114 B}), values in [0, 1]. Files are taken in sorted order, so the dataset is the same
 * on every machine. An unreadable image is an IOException naming the file.
 */
public final class ImageFolderReader {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    private ImageFolderReader() {}

    /** Reads {@code root}/class/image files into examples of shape {@code [rgb ? 3 : 1, height, width]}. */
    public static TensorDataset read(Path root, int height, int width, boolean rgb) throws IOException {
        if (height <= 0 || width <= 0)
            throw new IllegalArgumentException("ImageFolderReader: size must be positive, got " + height + "x" + width);
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a directory");
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classes.isEmpty()) throw new IOException(root + ": no class subfolders");
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            try (Stream<Path> s = Files.list(classes.get(c))) {
                for (Path f : s.filter(ImageFolderReader::isImage).sorted().toList()) {
                    files.add(f);
                    labels.add(c);
                }
            }
        }
        if (files.isEmpty()) throw new IOException(root + ": no images in the class subfolders");
        int ch = rgb ? 3 : 1, plane = height * width, numel = ch * plane;
        float[] x = new float[files.size() * numel];
        float[] y = new float[files.size()];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img;
            try {
                img = ImageIO.read(files.get(i).toFile());
            } catch (IOException | RuntimeException e) {
                throw new IOException(files.get(i) + ": cannot read image: " + e.getMessage(), e);
            }
            if (img == null) throw new IOException(files.get(i) + ": not an image javax.imageio can read");
            toChw(resize(img, height, width), x, i * numel, rgb);
            y[i] = labels.get(i);
        }
        List<String> names = classes.stream().map(p -> p.getFileName().toString()).toList();
        return new TensorDataset(x, y, new int[] {ch, height, width}, names);
    }

    /**
     * Reads one image file, resized (bilinear) to {@code height x width}, as {@code [rgb ? 3 : 1, height, width]}
     * values in [0, 1] (grey is luma, as in {@link #read}). An unreadable file is an IOException naming it.
     */
    public static float[] readImage(Path file, int height, int width, boolean rgb) throws IOException {
        if (height <= 0 || width <= 0)
            throw new IllegalArgumentException("ImageFolderReader: size must be positive, got " + height + "x" + width);
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file + ": no such image file");
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot read image: " + e.getMessage(), e);
        }
        if (img == null) throw new IOException(file + ": not an image javax.imageio can read (PNG, JPEG, GIF, BMP)");
        float[] x = new float[(rgb ? 3 : 1) * height * width];
        toChw(resize(img, height, width), x, 0, rgb);
        return x;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static BufferedImage resize(BufferedImage img, int h, int w) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static void toChw(BufferedImage img, float[] x, int off, boolean rgb) {
        int h = img.getHeight(), w = img.getWidth(), plane = h * w;
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int p = img.getRGB(xx, yy), i = yy * w + xx;
                float r = ((p >> 16) & 0xFF) / 255f, g = ((p >> 8) & 0xFF) / 255f, b = (p & 0xFF) / 255f;
                if (rgb) {
                    x[off + i] = r;
                    x[off + plane + i] = g;
                    x[off + 2 * plane + i] = b;
                } else {
                    x[off + i] = 0.299f * r + 0.587f * g + 0.114f * b;
                }
            }
        }
    }
}
