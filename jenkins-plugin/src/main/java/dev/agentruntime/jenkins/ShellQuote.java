package dev.agentruntime.jenkins;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX sh single-quoting: every argument reaches the program exactly as given. */
final class ShellQuote {
    private ShellQuote() {}

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=@%+,-]+")) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    static String join(List<String> args) {
        return args.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
