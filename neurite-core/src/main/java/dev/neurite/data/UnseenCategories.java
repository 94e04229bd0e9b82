package dev.neurite.data;

/** What encoding does with a text value that was not seen in training. */
public enum UnseenCategories {
    /** Scored as an unknown value: every one-hot input of its column is 0; counted in a warning. */
    UNKNOWN,
    /** Refused with an error naming the row, the column and the value. */
    ERROR;

    public static UnseenCategories named(String name) {
        for (UnseenCategories u : values()) {
            if (u.name().equalsIgnoreCase(name.strip())) {
                return u;
            }
        }
        throw new IllegalArgumentException("--unknown must be 'unknown' or 'error', got '" + name + "'");
    }
}
