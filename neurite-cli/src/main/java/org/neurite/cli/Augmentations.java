package org.neurite.cli;

import java.util.ArrayList;
import java.util.List;
import org.neurite.data.augment.Brightness;
import org.neurite.data.augment.Compose;
import org.neurite.data.augment.Contrast;
import org.neurite.data.augment.GaussianNoise;
import org.neurite.data.augment.RandomCrop;
import org.neurite.data.augment.RandomErasing;
import org.neurite.data.augment.RandomHorizontalFlip;
import org.neurite.data.augment.RandomRotation;
import org.neurite.data.augment.RandomTranslation;
import org.neurite.data.augment.Transform;
import org.neurite.nn.Module;
import org.neurite.train.TestTimeAugmentation;

/**
 * Parses {@code --augment crop,flip,rotate:10}: a comma-separated list of transforms, each with an optional
 * {@code :value}. crop[:padding 2] (pad with zeros, crop back at a random offset), flip (horizontal, p = 0.5),
 * rotate[:degrees 10], translate[:pixels 2], noise[:std 0.05], brightness[:delta 0.2], contrast[:delta 0.2],
 * erase[:p 0.5] (random erasing of a rectangle, filled with 0).
 */
final class Augmentations {
    static final List<String> NAMES = List.of("crop", "flip", "rotate", "translate", "noise", "brightness", "contrast", "erase");

    private Augmentations() {}

    /** The model as {@code --tta} asks: itself for none (or null), averaged with its mirror image for flip. */
    static Module testTime(String tta, Module model) {
        checkTestTime(tta);
        return tta == null || tta.equals("none") ? model : TestTimeAugmentation.horizontalFlip(model);
    }

    /** Rejects a {@code --tta} other than none or flip. */
    static void checkTestTime(String tta) {
        if (tta != null && !tta.equals("none") && !tta.equals("flip"))
            throw new UserError("--tta must be none or flip, got '" + tta + "'");
    }

    /** The transform, or null for an empty or "none" spec. */
    static Transform parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("none")) return null;
        List<Transform> ts = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            String name = p.contains(":") ? p.substring(0, p.indexOf(':')) : p;
            String arg = p.contains(":") ? p.substring(p.indexOf(':') + 1) : null;
            try {
                ts.add(switch (name) {
                    case "crop" -> new RandomCrop(arg == null ? 2 : Integer.parseInt(arg));
                    case "flip" -> new RandomHorizontalFlip();
                    case "rotate" -> new RandomRotation(arg == null ? 10 : Double.parseDouble(arg));
                    case "translate" -> {
                        int px = arg == null ? 2 : Integer.parseInt(arg);
                        yield new RandomTranslation(px, px);
                    }
                    case "noise" -> new GaussianNoise(arg == null ? 0.05 : Double.parseDouble(arg));
                    case "brightness" -> new Brightness(arg == null ? 0.2 : Double.parseDouble(arg));
                    case "contrast" -> new Contrast(arg == null ? 0.2 : Double.parseDouble(arg));
                    case "erase" -> new RandomErasing(arg == null ? 0.5 : Double.parseDouble(arg));
                    default -> throw new UserError("--augment: unknown transform '" + name + "'; choose from "
                            + String.join(", ", NAMES) + " (e.g. --augment crop,flip)");
                });
            } catch (NumberFormatException e) {
                throw new UserError("--augment: '" + p + "': the value after ':' must be a number");
            } catch (IllegalArgumentException e) {
                throw new UserError("--augment: '" + p + "': " + e.getMessage());
            }
        }
        return ts.size() == 1 ? ts.get(0) : new Compose(ts.toArray(Transform[]::new));
    }
}
