package dev.neurite.serve;

/** Text from a request, made safe to repeat in a message: cut short, so a huge value is never echoed whole. */
final class Text {
    private Text() {
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
