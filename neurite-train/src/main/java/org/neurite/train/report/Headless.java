package org.neurite.train.report;

/** Charts are drawn off screen: AWT must start in headless mode on machines without a display (CI, servers). */
final class Headless {
    private Headless() {}

    /** Sets {@code java.awt.headless=true} unless the application chose a value; call before AWT is first used. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }
}
