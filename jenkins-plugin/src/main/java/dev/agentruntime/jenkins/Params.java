package dev.agentruntime.jenkins;

/** Step parameters as forms submit them: an empty field is "not given", so a configuration round trip keeps null. */
final class Params {
    private Params() {}

    /** Null for null or blank; otherwise the text unchanged (multi-line parameters keep their layout). */
    static String given(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
