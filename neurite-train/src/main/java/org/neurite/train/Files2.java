package org.neurite.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Atomic file writes: a temporary file in the same folder, then a move, so a crash never leaves half a file. */
final class Files2 {
    private Files2() {}

    interface Writer {
        void write(Path tmp) throws IOException;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            writer.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
