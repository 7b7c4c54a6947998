package org.neurite.data.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset may be found: its folder name under $NEURITE_DATA and ~/.neurite/datasets, folders where system
 * packages install it, and the base URLs it can be downloaded from (the official location first, then mirrors; each
 * must end in '/'). The files themselves are named per split by the caller.
 *
 * @param folder     e.g. {@code "fashion-mnist"}
 * @param systemDirs e.g. {@code /usr/share/datasets/fashion-mnist} (Debian's dataset-fashion-mnist)
 * @param mirrors    base URLs; file names are appended
 */
public record DatasetSource(String folder, List<Path> systemDirs, List<URI> mirrors) {
    /** Copies the lists and checks the URLs. */
    public DatasetSource {
        systemDirs = List.copyOf(systemDirs);
        mirrors = List.copyOf(mirrors);
        for (URI u : mirrors)
            if (!u.toString().endsWith("/"))
                throw new IllegalArgumentException("DatasetSource " + folder + ": mirror must end in '/': " + u);
    }
}
