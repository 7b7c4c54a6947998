package org.neurite.data.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a crash never leaves half a file under the final name: the bytes go to a temporary file in
 * the same directory, which is then moved into place (atomically where the file system can).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} through {@code writer} via a temporary file; on failure the temporary file is deleted. */
    public static void write(Path target, Writer writer) throws IOException {
        Path tmp = temporaryFor(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty temporary file next to {@code target} (its directory is created if needed). */
    public static Path temporaryFor(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        return Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
    }

    /** Moves {@code tmp} to {@code target}, replacing it, atomically if the file system supports it. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
