package org.neurite.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.tensor.Tensor;

/** The course's Example 3.2 worked path by path, and the pictures of its graph. */
class ChainRuleTest {
    private Tensor f, g, a;

    private void buildExample() {
        f = Tensor.scalar(4f).requiresGrad(true).name("f");
        g = Tensor.scalar(2f).requiresGrad(true).name("g");
        Tensor e = f.mul(g).name("e"), d = f.add(3f).name("d");
        Tensor b = d.add(e).name("b"), c = e.add(2f).name("c");
        a = b.mul(c).name("a");
    }

    @Test
    void threePathsCGcGbSumTo60() {
        buildExample();
        ChainRule.Explanation x = ChainRule.explainPaths(a, f);
        assertEquals(3, x.paths().size());
        assertEquals(List.of("f", "d", "b", "a"), x.paths().get(0).nodes());
        assertEquals(List.of("f", "e", "b", "a"), x.paths().get(1).nodes());
        assertEquals(List.of("f", "e", "c", "a"), x.paths().get(2).nodes());
        assertEquals(List.of(1f, 1f, 10f), x.paths().get(0).localDerivatives()); // 1 * 1 * c
        assertEquals(10, x.paths().get(0).product(), 0);  // c
        assertEquals(20, x.paths().get(1).product(), 0);  // g c
        assertEquals(30, x.paths().get(2).product(), 0);  // g b
        assertEquals(60, x.total(), 0);
        a.backward();
        assertEquals(x.total(), f.grad().item(), 0); // the path sum is what backward() computes
        assertTrue(x.toString().contains("(3) f -> e -> c -> a : 2 * 1 * 15 = 30"), x.toString());
        assertTrue(x.toString().contains("sum = 60"), x.toString());
    }

    @Test
    void pathsToG() {
        buildExample();
        ChainRule.Explanation x = ChainRule.explainPaths(a, g);
        assertEquals(2, x.paths().size());
        assertEquals(100, x.total(), 0); // f c + f b = 40 + 60
    }

    @Test
    void dotAndSvgShowOpsValuesAndGradients(@TempDir Path dir) throws Exception {
        buildExample();
        a.backward();
        String dot = GraphExport.toDot(a);
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("a | op: mul | value: 150"), dot);
        assertTrue(dot.contains("f | op: leaf | value: 4 | grad: 60"), dot);
        assertEquals(10, dot.lines().filter(l -> l.contains("->")).count()); // 5 binary ops
        String svg = GraphExport.toSvg(a);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(9, doc.getElementsByTagName("rect").getLength() - 1); // 7 named tensors + 2 constants, + background
        assertTrue(svg.contains("grad 60"), svg);
        assertTrue(svg.contains("value 150"), svg);
        Path file = dir.resolve("graph.svg");
        GraphExport.write(svg, file);
        assertEquals(svg, Files.readString(file));
    }
}
