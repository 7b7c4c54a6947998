package org.neurite.data.catalog;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a download's progress: a progress bar (me.tongfei:progressbar) when standard error is a terminal, otherwise a
 * plain log line at every tenth of the file, so logs of batch jobs stay readable.
 */
final class DownloadProgress implements AutoCloseable {
    private final String name;
    private final long total;
    private final ProgressBar bar;
    private final PrintStream log;
    private int lastTenth = -1;

    private DownloadProgress(String name, long total, ProgressBar bar, PrintStream log) {
        this.name = name;
        this.total = total;
        this.bar = bar;
        this.log = log;
    }

    /** A bar on a terminal, log lines on {@code log} otherwise; {@code total} in bytes. */
    static DownloadProgress start(String name, long total, PrintStream log) {
        java.io.Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setUnit(" MB", 1 << 20).setStyle(ProgressBarStyle.ASCII).showSpeed().build();
            return new DownloadProgress(name, total, bar, log);
        }
        log.println("neurite-data: downloading " + name + " (" + mb(total) + " MB)");
        return new DownloadProgress(name, total, null, log);
    }

    /** {@code bytes} received so far. */
    void update(long bytes) {
        if (bar != null) {
            bar.stepTo(bytes);
            return;
        }
        int tenth = total > 0 ? (int) Math.min(10, bytes * 10 / total) : 0;
        if (tenth > lastTenth && tenth > 0) {
            lastTenth = tenth;
            log.println("neurite-data: " + name + ": " + tenth * 10 + "% (" + mb(bytes) + " of " + mb(total) + " MB)");
        }
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
