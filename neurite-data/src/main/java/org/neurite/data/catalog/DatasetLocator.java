package org.neurite.data.catalog;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the files of a dataset split, in this order:
 * <ol>
 *   <li>an explicit directory, if the caller gives one;</li>
 *   <li>{@code $NEURITE_DATA/<folder>};</li>
 *   <li>{@code ~/.neurite/datasets/<folder>} (where downloads go);</li>
 *   <li>the folders where system packages install the dataset (e.g. Debian's {@code /usr/share/datasets/fashion-mnist});</li>
 *   <li>otherwise it downloads the files from the official location (then mirrors), verifying their SHA-256, into
 *       {@code ~/.neurite/datasets/<folder>}.</li>
 * </ol>
 * A directory holds a file if it has it under its published name or without the {@code .gz} suffix. All files of the
 * split must be in the same directory.
 */
public final class DatasetLocator {
    private final Path environmentDir;
    private final Path cacheDir;
    private final Downloader downloader;

    /**
     * @param environmentDir the $NEURITE_DATA directory, or null
     * @param cacheDir       where downloads go, normally ~/.neurite/datasets
     * @param downloader     the downloader, or null to never download
     */
    public DatasetLocator(Path environmentDir, Path cacheDir, Downloader downloader) {
        this.environmentDir = environmentDir;
        this.cacheDir = cacheDir;
        this.downloader = downloader;
    }

    /** $NEURITE_DATA (if set), ~/.neurite/datasets, and downloads with progress on standard error. */
    public static DatasetLocator defaults() {
        String env = System.getenv("NEURITE_DATA");
        Path envDir = env == null || env.isBlank() ? null : Path.of(env);
        return new DatasetLocator(envDir, Path.of(System.getProperty("user.home"), ".neurite", "datasets"),
                new Downloader());
    }

    /** The directory downloads of {@code source} go to. */
    public Path cacheDir(DatasetSource source) {
        return cacheDir.resolve(source.folder());
    }

    /**
     * The directory holding all of {@code files}, searched as described above ({@code explicitDir} may be null);
     * downloads them if no directory has them. IOException if no directory has them and no download succeeds.
     */
    public Path locate(DatasetSource source, List<DatasetFile> files, Path explicitDir) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (explicitDir != null) candidates.add(explicitDir);
        if (environmentDir != null) candidates.add(environmentDir.resolve(source.folder()));
        candidates.add(cacheDir(source));
        candidates.addAll(source.systemDirs());
        for (Path dir : candidates) if (holdsAll(dir, files)) return dir;
        if (downloader == null)
            throw new IOException(source.folder() + ": files " + names(files) + " not found in " + candidates
                    + " and downloading is off");
        Path target = cacheDir(source);
        for (DatasetFile f : files) {
            if (find(target, f) != null) continue;
            List<String> failures = new ArrayList<>();
            boolean done = false;
            for (URI base : source.mirrors()) {
                try {
                    downloader.download(base.resolve(f.name()), f, target.resolve(f.name()));
                    done = true;
                    break;
                } catch (IOException e) {
                    failures.add(e.getMessage());
                }
            }
            if (!done)
                throw new IOException(source.folder() + ": " + f.name() + " not found in " + candidates
                        + ", and every download failed: " + failures);
        }
        return target;
    }

    /** The file for {@code f} in {@code dir} (published name, or without ".gz"), or null. */
    public static Path find(Path dir, DatasetFile f) {
        Path p = dir.resolve(f.name());
        if (Files.isRegularFile(p)) return p;
        if (f.name().endsWith(".gz")) {
            Path raw = dir.resolve(f.name().substring(0, f.name().length() - 3));
            if (Files.isRegularFile(raw)) return raw;
        }
        return null;
    }

    private static boolean holdsAll(Path dir, List<DatasetFile> files) {
        for (DatasetFile f : files) if (find(dir, f) == null) return false;
        return true;
    }

    private static List<String> names(List<DatasetFile> files) {
        return files.stream().map(DatasetFile::name).toList();
    }
}
