package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {
    @Test
    void tunesTheRateThenTheBatchSizeAndWritesTheTrials(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("tune", "--epochs", "2", "--lr-range", "1e-4:3:4", "--batch-sizes", "32,128", "--out",
                dir.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> csv = Files.readAllLines(dir.resolve("trials.csv"));
        assertEquals(1 + 4 + 1, csv.size(), String.join("\n", csv)); // header, 4 rates, then batch 128 at the best rate
        assertTrue(Files.isRegularFile(dir.resolve("tuning.png")) && Files.isRegularFile(dir.resolve("tuning.svg")));
        // on the digits with plain SGD in 2 epochs, 1e-4 learns too slowly and 3 is too large: the best is in between
        assertTrue(r.out().contains("best: learning rate 0.0") || r.out().contains("best: learning rate 0.1")
                || r.out().contains("best: learning rate 0.2") || r.out().contains("best: learning rate 0.3")
                || r.out().contains("best: learning rate 0.4"), r.toString());
    }

    @Test
    void badRangeIsOneLineAndExitTwo() {
        Cli r = Cli.run("tune", "--lr-range", "1:0.1:3");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--lr-range"), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
    }
}
