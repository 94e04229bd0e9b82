package dev.neurite.data;

import java.util.Locale;

/** What the target column asks for: a class (classification) or a number (regression). */
public enum Task {
    CLASSIFICATION, REGRESSION;

    /** {@code "classification"} or {@code "regression"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task named(String name) {
        for (Task t : values()) {
            if (t.id().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; known: classification, regression");
    }
}
