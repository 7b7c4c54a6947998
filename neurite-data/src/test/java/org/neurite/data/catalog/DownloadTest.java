package org.neurite.data.catalog;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.ByteImageDataset;
import org.neurite.data.io.IdxArray;
import org.neurite.data.io.IdxWriter;

/** The download path against a small HTTP server on 127.0.0.1 (there is no internet here). */
class DownloadTest {
    @TempDir Path tmp;
    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> truncateTo = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String name = ex.getRequestURI().getPath().substring(1);
            byte[] body = files.get(name);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            Integer cut = truncateTo.get(name);
            ex.sendResponseHeaders(200, body.length); // announces the full length ...
            OutputStream out = ex.getResponseBody();
            if (cut == null) {
                out.write(body);
                out.close();
                return;
            }
            out.write(body, 0, cut);
            out.flush();
            // ... but may send less: failing the handler makes the server drop the connection mid-body.
            throw new IOException("body cut after " + cut + " bytes on purpose");
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A tiny MNIST-like pair: 6 images [5, 4] (pixel = 10 i + k) with labels i mod 3, gzip-compressed. */
    private DatasetFile[] publish() throws Exception {
        byte[] px = new byte[6 * 20];
        for (int i = 0; i < px.length; i++) px[i] = (byte) ((i / 20) * 10 + i % 20);
        byte[] lab = {0, 1, 2, 0, 1, 2};
        IdxWriter.write(tmp.resolve("src/imgs.gz"), IdxArray.ofUnsignedBytes(px, 6, 5, 4));
        IdxWriter.write(tmp.resolve("src/labs.gz"), IdxArray.ofUnsignedBytes(lab, 6));
        byte[] a = Files.readAllBytes(tmp.resolve("src/imgs.gz")), b = Files.readAllBytes(tmp.resolve("src/labs.gz"));
        files.put("data/imgs.gz", a);
        files.put("data/labs.gz", b);
        return new DatasetFile[] {new DatasetFile("imgs.gz", a.length, sha256(a)),
                new DatasetFile("labs.gz", b.length, sha256(b))};
    }

    private DatasetLocator locator() {
        return new DatasetLocator(tmp.resolve("env"), tmp.resolve("cache"),
                new Downloader(10_000, 10_000, new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
    }

    private DatasetSource source(URI... mirrors) {
        return new DatasetSource("tiny", List.of(tmp.resolve("system")), List.of(mirrors));
    }

    private long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void downloadsVerifiesAndLoads() throws Exception {
        DatasetFile[] f = publish();
        DatasetLocator loc = locator();
        Path dir = loc.locate(source(base), List.of(f), null);
        assertEquals(tmp.resolve("cache/tiny"), dir);
        assertEquals(2, filesIn(dir)); // no temporary files left behind
        ByteImageDataset d = IdxImages.load(dir.resolve("imgs.gz"), dir.resolve("labs.gz"), List.of("a", "b", "c"));
        assertEquals(6, d.size());
        assertArrayEquals(new int[] {1, 5, 4}, d.exampleShape());
        assertEquals(2f, d.target(5));
        assertEquals((50 + 3) / 255f, d.get(5).input().toFloatArray()[3], 1e-7f);
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("downloading imgs.gz") && log.contains("100%"), log);
        // found in the cache the second time: no new request
        int before = requests.get();
        assertEquals(dir, loc.locate(source(base), List.of(f), null));
        assertEquals(before, requests.get());
    }

    @Test
    void searchOrderPrefersLocalDirectories() throws Exception {
        DatasetFile[] f = publish();
        for (String d : new String[] {"explicit", "env/tiny", "system"}) {
            Files.createDirectories(tmp.resolve(d));
            Files.write(tmp.resolve(d).resolve("imgs.gz"), files.get("data/imgs.gz"));
            Files.write(tmp.resolve(d).resolve("labs"), new byte[1]); // the name without .gz also counts
        }
        DatasetLocator loc = locator();
        assertEquals(tmp.resolve("explicit"), loc.locate(source(base), List.of(f), tmp.resolve("explicit")));
        assertEquals(tmp.resolve("env/tiny"), loc.locate(source(base), List.of(f), tmp.resolve("elsewhere")));
        Files.delete(tmp.resolve("env/tiny/labs"));
        assertEquals(tmp.resolve("system"), loc.locate(source(base), List.of(f), null));
        assertEquals(0, requests.get());
    }

    @Test
    void wrongChecksumIsRejectedAndRemoved() throws Exception {
        DatasetFile[] f = publish();
        DatasetFile wrong = new DatasetFile("imgs.gz", f[0].size(), "0".repeat(64));
        IOException e = assertThrows(IOException.class, () -> locator().locate(source(base), List.of(wrong), null));
        assertTrue(e.getMessage().contains("imgs.gz") && e.getMessage().contains("SHA-256 " + f[0].sha256()),
                e.getMessage());
        assertEquals(0, filesIn(tmp.resolve("cache/tiny")));
    }

    @Test
    void corruptedBodyIsRejected() throws Exception {
        DatasetFile[] f = publish();
        byte[] flipped = files.get("data/imgs.gz").clone();
        flipped[flipped.length / 2] ^= 1;
        files.put("data/imgs.gz", flipped);
        IOException e = assertThrows(IOException.class, () -> locator().locate(source(base), List.of(f[0]), null));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertEquals(0, filesIn(tmp.resolve("cache/tiny")));
    }

    @Test
    void truncatedBodyIsRejectedAndRemoved() throws Exception {
        DatasetFile[] f = publish();
        truncateTo.put("data/imgs.gz", 10);
        IOException e = assertThrows(IOException.class, () -> locator().locate(source(base), List.of(f), null));
        assertTrue(e.getMessage().contains("imgs.gz"), e.getMessage());
        assertEquals(0, filesIn(tmp.resolve("cache/tiny")), "nothing half-written is kept");
    }

    @Test
    void fallsBackToTheNextMirror() throws Exception {
        DatasetFile[] f = publish();
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/gone/");
        Path dir = locator().locate(source(missing, base), List.of(f), null);
        assertEquals(2, filesIn(dir));
        IOException e = assertThrows(IOException.class,
                () -> locator().locate(new DatasetSource("other", List.of(), List.of(missing)), List.of(f), null));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void noDownloaderMeansAClearError() {
        DatasetLocator offline = new DatasetLocator(null, tmp.resolve("cache"), null);
        DatasetFile f = new DatasetFile("x.gz", 1, "a".repeat(64));
        IOException e = assertThrows(IOException.class, () -> offline.locate(source(base), List.of(f), null));
        assertTrue(e.getMessage().contains("downloading is off"), e.getMessage());
    }
}
