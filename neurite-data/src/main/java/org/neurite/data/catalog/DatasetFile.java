package org.neurite.data.catalog;

import java.util.regex.Pattern;

/**
 * One file of a published dataset as its publisher distributes it: the file name, its length in bytes and the
 * SHA-256 of its bytes (lower-case hex). A download is accepted only if both match.
 */
public record DatasetFile(String name, long size, String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Checks the fields. */
    public DatasetFile {
        if (name.isEmpty() || name.contains("/") || name.contains("\\"))
            throw new IllegalArgumentException("DatasetFile: bad file name '" + name + "'");
        if (size < 0) throw new IllegalArgumentException("DatasetFile " + name + ": negative size " + size);
        if (!HEX64.matcher(sha256).matches())
            throw new IllegalArgumentException("DatasetFile " + name + ": SHA-256 must be 64 lower-case hex digits, got '"
                    + sha256 + "'");
    }
}
