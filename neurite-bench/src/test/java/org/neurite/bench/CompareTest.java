package org.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompareTest {
    private static Compare.Run run(String json) throws Exception {
        return new Compare.Run("neurite", "mlp", 1, new ObjectMapper().readTree(json), 0);
    }

    @Test
    void medianOfTheEpochsFromAnIndexOn() throws Exception {
        Compare.Run r = run("{\"train_img_s\": [10, 50, 20, 40, 30], \"infer_img_s\": 7}");
        assertEquals(30, r.median("train_img_s"));
        assertEquals(30, r.median("train_img_s", 2)); // 20, 40, 30
        assertEquals(35, r.median("train_img_s", 3)); // 40, 30
        assertEquals(7, r.median("infer_img_s", 3));  // a scalar is its own median
        assertTrue(Double.isNaN(r.median("train_img_s", 5)));
        assertTrue(Double.isNaN(r.median("startup_s")));
    }

    @Test
    void steadyFromBeyondTheTimedEpochsIsRefusedBeforeAnythingRuns() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Compare()).setErr(new PrintWriter(err));
        int code = cl.execute("--neurite-cmd", "false", "--peers", "none", "--epochs", "2", "--steady-from", "3");
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("--steady-from 3 is not an epoch of the 2 timed"), err.toString());
    }
}
