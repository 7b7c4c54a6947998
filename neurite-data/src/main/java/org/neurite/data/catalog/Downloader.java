package org.neurite.data.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.neurite.data.io.AtomicFiles;

/**
 * Downloads one {@link DatasetFile} over HTTP(S) (following same-protocol redirects) into place, safely: the body streams into a temporary file next to
 * the target while its SHA-256 is computed; the file is moved into place (atomically) only if the length matches the
 * Content-Length header and the expected size, and the SHA-256 matches. A truncated or corrupted download is deleted
 * and reported as an IOException naming the file and URL; it is never used.
 */
public final class Downloader {
    private final int connectTimeoutMillis, readTimeoutMillis;
    private final PrintStream log;

    /** A downloader with a 30 s connect and 60 s read timeout, logging progress to standard error. */
    public Downloader() {
        this(30_000, 60_000, System.err);
    }

    /**
     * A downloader with the given timeouts (the read timeout bounds each wait for more bytes, so a stalled connection
     * fails instead of hanging), logging to {@code log}.
     */
    public Downloader(int connectTimeoutMillis, int readTimeoutMillis, PrintStream log) {
        if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0)
            throw new IllegalArgumentException("Downloader: timeouts must be positive, got " + connectTimeoutMillis
                    + " and " + readTimeoutMillis + " ms");
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.log = log;
    }

    /** Downloads {@code url} to {@code target}, verifying {@code file}'s size and SHA-256. */
    public void download(URI url, DatasetFile file, Path target) throws IOException {
        Path tmp = AtomicFiles.temporaryFor(target);
        HttpURLConnection conn = null;
        try {
            conn = (HttpURLConnection) url.toURL().openConnection();
            conn.setConnectTimeout(connectTimeoutMillis);
            conn.setReadTimeout(readTimeoutMillis);
            conn.setInstanceFollowRedirects(true);
            int status;
            try {
                status = conn.getResponseCode();
            } catch (IOException e) {
                throw new IOException(file.name() + ": download from " + url + " failed: " + e, e);
            }
            if (status != 200)
                throw new IOException(file.name() + ": download from " + url + " failed: HTTP " + status);
            long declared = conn.getContentLengthLong();
            MessageDigest sha = sha256();
            long count = 0;
            try (InputStream in = conn.getInputStream(); OutputStream out = Files.newOutputStream(tmp);
                 DownloadProgress progress = DownloadProgress.start(file.name(), declared >= 0 ? declared : file.size(), log)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    count += n;
                    if (count > file.size())
                        throw new IOException(file.name() + ": download from " + url + " is longer than the expected "
                                + file.size() + " bytes");
                    progress.update(count);
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.name())) throw e;
                throw new IOException(file.name() + ": download from " + url + " broke off after " + count + " bytes ("
                        + e + ")", e);
            }
            if (declared >= 0 && count != declared)
                throw new IOException(file.name() + ": download from " + url + " truncated: " + count + " of " + declared
                        + " bytes");
            if (count != file.size())
                throw new IOException(file.name() + ": download from " + url + " has " + count + " bytes, expected "
                        + file.size());
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(file.sha256()))
                throw new IOException(file.name() + ": download from " + url + " is corrupted: SHA-256 " + got
                        + ", expected " + file.sha256());
            AtomicFiles.moveIntoPlace(tmp, target);
        } finally {
            if (conn != null) conn.disconnect();
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
