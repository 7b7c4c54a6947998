package org.neurite.train.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.nn.AvgPool2d;
import org.neurite.nn.BatchNorm1d;
import org.neurite.nn.BatchNorm2d;
import org.neurite.nn.Conv2d;
import org.neurite.nn.Dropout;
import org.neurite.nn.Flatten;
import org.neurite.nn.LeakyReLU;
import org.neurite.nn.Linear;
import org.neurite.nn.MaxPool2d;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Residual;
import org.neurite.nn.Sequential;
import org.neurite.nn.Sigmoid;
import org.neurite.nn.Tanh;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A model described in JSON: a list of layers, each an object with a {@code type} and its settings. Input sizes are
 * inferred: each layer is built for the output shape of the one before it (found by running a batch of one zero
 * example), so only output sizes are written. {@code "out": "classes"} is the dataset's number of classes.
 * <pre>
 * [ {"type": "conv2d", "out": 32, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool2d", "kernel": 2},
 *   {"type": "flatten"}, {"type": "linear", "out": 128}, {"type": "relu"}, {"type": "dropout", "p": 0.5},
 *   {"type": "linear", "out": "classes"} ]
 * </pre>
 * The list may also be given as {@code {"layers": [...]}}. Types and their keys (defaults in brackets):
 * linear/dense (out, bias [true]); conv2d (out, kernel, stride [1], padding [0] or "same", bias [true]);
 * maxpool2d and avgpool2d (kernel, stride [kernel]); global_avg_pool2d; flatten; relu; leaky_relu (slope [0.01]);
 * tanh; sigmoid; dropout (p [the command's --dropout, else 0.5]); batchnorm1d; batchnorm2d; residual (layers: the
 * block F; a 1x1 convolution shortcut is added when F changes the shape). Errors name the layer by its position.
 */
public final class ModelSpec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("linear", Set.of("out", "bias")), Map.entry("dense", Set.of("out", "bias")),
            Map.entry("conv2d", Set.of("out", "kernel", "stride", "padding", "bias")),
            Map.entry("maxpool2d", Set.of("kernel", "stride")), Map.entry("avgpool2d", Set.of("kernel", "stride")),
            Map.entry("global_avg_pool2d", Set.of()), Map.entry("flatten", Set.of()), Map.entry("relu", Set.of()),
            Map.entry("leaky_relu", Set.of("slope")), Map.entry("tanh", Set.of()), Map.entry("sigmoid", Set.of()),
            Map.entry("dropout", Set.of("p")), Map.entry("batchnorm1d", Set.of()), Map.entry("batchnorm2d", Set.of()),
            Map.entry("residual", Set.of("layers")));

    private final String source;
    private final JsonNode layers;

    private ModelSpec(String source, JsonNode layers) {
        this.source = source;
        this.layers = layers;
    }

    /** Parses a spec file; an IOException names the file and what is wrong. */
    public static ModelSpec read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file + ": model spec file not found");
        }
        try {
            return parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Parses spec text; source names it in error messages. */
    public static ModelSpec parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        JsonNode list = root != null && root.isObject() && root.has("layers") ? root.get("layers") : root;
        if (list == null || !list.isArray() || list.isEmpty())
            throw new IllegalArgumentException(source + ": expected a non-empty list of layers, e.g. "
                    + "[{\"type\": \"flatten\"}, {\"type\": \"linear\", \"out\": \"classes\"}]");
        return new ModelSpec(source, list);
    }

    /** Builds the model for examples of shape inputShape and the given number of classes. */
    public Module build(int[] inputShape, int classes, double defaultDropout, Rng rng) {
        return sequence(layers, "", inputShape.clone(), classes, defaultDropout < 0 ? 0.5 : defaultDropout, rng);
    }

    private Sequential sequence(JsonNode list, String prefix, int[] shape, int classes, double dropout, Rng rng) {
        Sequential seq = new Sequential();
        int[] cur = shape;
        for (int i = 0; i < list.size(); i++) {
            String where = source + ": layer " + prefix + (i + 1);
            JsonNode l = list.get(i);
            if (!l.isObject() || !l.has("type") || !l.get("type").isTextual())
                throw new IllegalArgumentException(where + ": expected an object with a \"type\", got " + l);
            String type = l.get("type").asText().toLowerCase(java.util.Locale.ROOT);
            where += " (" + type + ")";
            Set<String> keys = KEYS.get(type);
            if (keys == null)
                throw new IllegalArgumentException(where + ": unknown type (known: " + String.join(", ",
                        KEYS.keySet().stream().sorted().toList()) + ")");
            for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("type") && !keys.contains(k))
                    throw new IllegalArgumentException(where + ": unknown key \"" + k + "\" (known: "
                            + (keys.isEmpty() ? "none" : String.join(", ", keys.stream().sorted().toList())) + ")");
            }
            Module m;
            try {
                m = layer(type, l, cur, classes, dropout, rng, where, prefix + (i + 1) + ".");
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(source) ? e : new IllegalArgumentException(where + " on input "
                        + Shape.str(cur) + ": " + e.getMessage());
            }
            int[] out;
            try {
                out = outputShape(m, cur);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " does not fit its input " + Shape.str(cur) + ": "
                        + e.getMessage());
            }
            seq.add(m);
            cur = out;
        }
        return seq;
    }

    private Module layer(String type, JsonNode l, int[] in, int classes, double dropout, Rng rng, String where,
                         String prefix) {
        return switch (type) {
            case "linear", "dense" -> {
                if (in.length != 1)
                    throw new IllegalArgumentException("expects flat input [F]; add {\"type\": \"flatten\"} before it");
                yield new Linear(in[0], out(l, classes, where), bool(l, "bias", true), rng);
            }
            case "conv2d" -> {
                requireImage(in);
                Conv2d c = new Conv2d(in[0], out(l, classes, where), integer(l, "kernel", -1, where),
                        bool(l, "bias", true), rng).stride(integer(l, "stride", 1, where));
                JsonNode p = l.get("padding");
                yield p != null && p.isTextual() ? c.padding(p.asText()) : c.padding(integer(l, "padding", 0, where));
            }
            case "maxpool2d", "avgpool2d" -> {
                int k = integer(l, "kernel", -1, where), s = integer(l, "stride", k, where);
                yield type.equals("maxpool2d") ? new MaxPool2d(k, s) : new AvgPool2d(k, s);
            }
            case "global_avg_pool2d" -> new GlobalAvgPool2d();
            case "flatten" -> new Flatten();
            case "relu" -> new ReLU();
            case "leaky_relu" -> new LeakyReLU((float) number(l, "slope", 0.01, where));
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "dropout" -> new Dropout(number(l, "p", dropout, where), rng.split());
            case "batchnorm1d" -> {
                if (in.length != 1 && in.length != 2)
                    throw new IllegalArgumentException("expects input [F] or [C, L]");
                yield new BatchNorm1d(in[0]);
            }
            case "batchnorm2d" -> {
                requireImage(in);
                yield new BatchNorm2d(in[0]);
            }
            case "residual" -> {
                JsonNode inner = l.get("layers");
                if (inner == null || !inner.isArray() || inner.isEmpty())
                    throw new IllegalArgumentException(where + ": \"layers\" must be a non-empty list (the block F)");
                Sequential f = sequence(inner, prefix, in, classes, dropout, rng);
                int[] out = outputShape(f, in);
                if (Arrays.equals(out, in)) yield new Residual(f);
                if (in.length != 3 || out.length != 3 || in[1] % out[1] != 0 || in[1] / out[1] != in[2] / out[2])
                    throw new IllegalArgumentException(where + ": the block maps " + Shape.str(in) + " to "
                            + Shape.str(out) + "; a shortcut can only change channels and divide the size by a stride");
                yield new Residual(f, new Conv2d(in[0], out[0], 1, false, rng).stride(in[1] / out[1]));
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

    /** The output shape (without the batch) for one zero example of shape in, in eval mode without a graph. */
    static int[] outputShape(Module m, int[] in) {
        int[] batch = new int[in.length + 1];
        batch[0] = 1;
        System.arraycopy(in, 0, batch, 1, in.length);
        boolean mode = m.isTraining();
        m.eval();
        try (var s = Autograd.noGradScope()) {
            int[] out = m.forward(Tensor.zeros(batch)).shape();
            return Arrays.copyOfRange(out, 1, out.length);
        } finally {
            m.train(mode);
        }
    }

    private static void requireImage(int[] in) {
        if (in.length != 3) throw new IllegalArgumentException("expects image input [C, H, W]");
    }

    private static int out(JsonNode l, int classes, String where) {
        JsonNode o = l.get("out");
        if (o != null && o.isTextual() && o.asText().equals("classes")) return classes;
        return integer(l, "out", -1, where);
    }

    private static int integer(JsonNode l, String key, int dflt, String where) {
        JsonNode v = l.get(key);
        if (v == null) {
            if (dflt >= 0) return dflt;
            throw new IllegalArgumentException(where + ": missing \"" + key + "\"");
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0)
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a non-negative integer"
                    + (key.equals("out") ? " or \"classes\"" : "") + ", got " + v);
        return v.asInt();
    }

    private static double number(JsonNode l, String key, double dflt, String where) {
        JsonNode v = l.get(key);
        if (v == null) return dflt;
        if (!v.isNumber()) throw new IllegalArgumentException(where + ": \"" + key + "\" must be a number, got " + v);
        return v.asDouble();
    }

    private static boolean bool(JsonNode l, String key, boolean dflt) {
        JsonNode v = l.get(key);
        return v == null ? dflt : v.asBoolean();
    }

    /** The source named in messages (usually the file). */
    public String source() {
        return source;
    }

    /** The layer list as JSON text. */
    public String toJson() {
        return layers.toPrettyString();
    }

    /** Known layer types. */
    public static List<String> types() {
        return KEYS.keySet().stream().sorted().toList();
    }
}
