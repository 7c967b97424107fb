package dev.agentruntime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command, however deep, answers --help with exit 0 and its whole description; the top level cuts none. */
class CliHelpTest {
    /** Every subcommand as the words that call it, e.g. [batch, resume]. */
    static List<List<String>> commands(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> words = new ArrayList<>(prefix);
            words.add(e.getKey());
            out.add(words);
            out.addAll(commands(e.getValue(), words));
        }
        return out;
    }

    static String description(CommandLine cl) {
        return String.join(" ", cl.getCommandSpec().usageMessage().description());
    }

    static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }

    @Test
    void everyCommandHasWorkingHelpWithItsFullDescription() {
        CommandLine root = new CommandLine(new Main());
        List<List<String>> all = commands(root, List.of());
        assertThat(all).hasSizeGreaterThan(17); // the top-level commands and the nested ones (batch resume, …)
        for (List<String> words : all) {
            CommandLine cl = root;
            for (String w : words) cl = cl.getSubcommands().get(w);
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            CliTest.Result r = CliTest.cli(args.toArray(String[]::new));
            assertThat(r.code()).as(words + ": " + r.err()).isZero();
            assertThat(r.out()).as(words.toString()).startsWith("Usage: agent-runtime " + String.join(" ", words));
            assertThat(flat(r.out())).as(words.toString()).contains(flat(description(cl))).contains("-h, --help");
        }
    }

    @Test
    void theTopLevelListShowsEachDescriptionWhole() {
        CommandLine root = new CommandLine(new Main());
        CliTest.Result r = CliTest.cli("--help");
        assertThat(r.code()).isZero();
        for (var sub : root.getSubcommands().values()) {
            assertThat(sub.getCommandSpec().usageMessage().description()).as(sub.getCommandName()).hasSize(1);
            assertThat(flat(r.out())).as(sub.getCommandName()).contains(flat(description(sub)));
        }
    }
}
