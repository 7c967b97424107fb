package dev.agentruntime.task;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.rundir.RunId;
import dev.agentruntime.util.SpecReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Loads, validates and completes task specs. Every problem is reported at once, each naming its field. */
public final class TaskSpecs {
    /** Agents the runtime can drive. */
    public static final List<String> AGENTS = List.of("builtin", "opencode", "codex", "claude-code");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long MIN_MEMORY = 6L << 20;
    private static final Pattern URL_LIKE = Pattern.compile("^([a-z][a-z0-9+.-]*://|[^/\\s]+@[^/\\s]+:).*");

    private TaskSpecs() {}

    /** Reads {@code file}; a relative local {@code repo} path is taken relative to the file's directory. */
    public static TaskSpec load(Path file) {
        TaskSpec raw = SpecReader.read(file, TaskSpec.class);
        Path base = file.toAbsolutePath().getParent();
        return complete(raw, file.toString(), base);
    }

    public static TaskSpec parse(String text, String source, Path baseDir) {
        return complete(SpecReader.parse(text, TaskSpec.class, source), source, baseDir);
    }

    static TaskSpec complete(TaskSpec t, String source, Path baseDir) {
        List<String> problems = validate(t);
        if (!problems.isEmpty()) throw new BadInputException(source, problems);
        String repo = isUrl(t.repo()) ? t.repo() : baseDir.resolve(t.repo()).normalize().toString();
        return new TaskSpec(
                t.id() != null ? t.id() : "task-" + UUID.randomUUID().toString().substring(0, 8),
                repo,
                blankToNull(t.baseBranch()),
                t.instructions().strip(),
                t.agent() != null ? t.agent() : "builtin",
                t.model(),
                t.image() != null ? t.image() : TaskSpec.DEFAULT_IMAGE,
                t.setup() != null ? t.setup() : List.of(),
                (t.verify() != null ? t.verify() : new VerifySpec(null, null, null, null)).withDefaults(),
                (t.budgets() != null ? t.budgets() : Budgets.DEFAULTS).withDefaults(),
                t.branch() != null ? t.branch() : TaskSpec.DEFAULT_BRANCH_TEMPLATE,
                (t.sandbox() != null ? t.sandbox() : SandboxLimits.DEFAULTS).withDefaults(),
                (t.stall() != null ? t.stall() : StallSpec.DEFAULTS).withDefaults(),
                (t.egress() != null ? t.egress() : EgressSpec.NONE).withDefaults(),
                t.secrets() != null ? List.copyOf(t.secrets()) : List.of(),
                policyRef(t.policy(), baseDir, source),
                t.approvals() != null && t.approvals().timeout() != null ? t.approvals() : ApprovalSpec.DEFAULTS,
                (t.recovery() != null ? t.recovery() : RecoverySpec.DEFAULTS).withDefaults());
    }

    static List<String> validate(TaskSpec t) {
        List<String> p = new ArrayList<>();
        boolean idOk = t.id() == null || ID.matcher(t.id()).matches();
        if (!idOk) {
            p.add("id: \"" + t.id() + "\" is not valid; use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (t.id() != null && BranchNames.problem(t.id()) != null) {
            idOk = false; // it names branches: e.g. "x.lock", "a..b" or "HEAD"
            p.add("id: \"" + t.id() + "\" cannot be part of a branch name: git refuses it (git check-ref-format --branch); "
                    + "no \"..\", no \".lock\" or \".\" at the end, not HEAD");
        }
        if (blank(t.repo())) p.add("repo: required; a git URL (https://…, ssh://…, git@host:path) or a local path");
        if (blank(t.instructions())) p.add("instructions: required; tell the agent what to do");
        if (t.agent() != null && !AGENTS.contains(t.agent())) {
            p.add("agent: \"" + t.agent() + "\" is not supported; allowed: " + String.join(", ", AGENTS));
        }
        if (t.model() == null) {
            p.add("model: required; an object with baseUrl and model (and apiKeyEnv if the endpoint needs a key)");
        } else {
            if (blank(t.model().baseUrl())) {
                p.add("model.baseUrl: required; an http(s) URL such as http://127.0.0.1:8080/v1");
            } else if (!httpUrl(t.model().baseUrl())) {
                p.add("model.baseUrl: \"" + t.model().baseUrl() + "\" is not an http(s) URL");
            } else if (URI.create(t.model().baseUrl()).getPort() == 0 || URI.create(t.model().baseUrl()).getPort() > 65535) {
                p.add("model.baseUrl: \"" + t.model().baseUrl() + "\" has port " + URI.create(t.model().baseUrl()).getPort()
                        + "; a port is 1-65535 (or none for the scheme's default)");
            }
            if (blank(t.model().model())) p.add("model.model: required; the model name to request");
            if (t.model().apiKeyEnv() != null && !t.model().apiKeyEnv().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                p.add("model.apiKeyEnv: \"" + t.model().apiKeyEnv() + "\" is not an environment variable name");
            }
        }
        if (t.image() != null && blank(t.image())) p.add("image: must not be empty; omit it for " + TaskSpec.DEFAULT_IMAGE);
        checkCommands(p, "setup", t.setup());
        if (t.verify() != null) {
            checkCommands(p, "verify.commands", t.verify().commands());
            if (t.verify().junitReports() != null && t.verify().junitReports().stream().anyMatch(TaskSpecs::blank)) {
                p.add("verify.junitReports: entries must be non-empty globs such as **/TEST-*.xml");
            }
        }
        if (t.budgets() != null) {
            if (t.budgets().turns() != null && t.budgets().turns() < 1) {
                p.add("budgets.turns: " + t.budgets().turns() + " is not allowed; use a whole number of at least 1");
            }
            if (t.budgets().tokens() != null && t.budgets().tokens() < 1) {
                p.add("budgets.tokens: " + t.budgets().tokens() + " is not allowed; use a whole number of at least 1");
            }
            String rd = t.budgets().runDirectory();
            if (rd != null && !(rd.matches("\\d{1,9}[kmgtKMGT]") && Sizes.bytes(rd) >= 1L << 20)) {
                p.add("budgets.runDirectory: \"" + rd + "\" is not valid; use a size of at least 1m such as 2g");
            }
        }
        if (t.branch() != null && blank(t.branch())) {
            p.add("branch: must not be empty; omit it for " + TaskSpec.DEFAULT_BRANCH_TEMPLATE);
        } else if (idOk) {
            String problem = branchProblem(t.branch() != null ? t.branch() : TaskSpec.DEFAULT_BRANCH_TEMPLATE,
                    t.id() != null ? t.id() : "task-00000000", RunId.next());
            if (problem != null) p.add(problem);
        }
        if (t.stall() != null && t.stall().loopRepeats() != null && t.stall().loopRepeats() < 2) {
            p.add("stall.loopRepeats: " + t.stall().loopRepeats() + " is not allowed; use a whole number of at least 2");
        }
        if (t.secrets() != null) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < t.secrets().size(); i++) {
                SecretSpec s = t.secrets().get(i);
                String f = "secrets[" + i + "]";
                if (s == null) {
                    p.add(f + ": must be an object with name, fromEnv or fromFile, and phases");
                    continue;
                }
                if (s.name() == null || !s.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    p.add(f + ".name: \"" + s.name() + "\" is not valid; use an environment variable name such as NPM_TOKEN");
                } else if (!names.add(s.name())) {
                    p.add(f + ".name: \"" + s.name() + "\" is declared twice");
                }
                if ((s.fromEnv() == null) == (s.fromFile() == null)) p.add(f + ": give exactly one of fromEnv or fromFile");
                if (s.phases() == null || s.phases().isEmpty() || !SecretSpec.PHASES.containsAll(s.phases())) {
                    p.add(f + ".phases: " + s.phases() + " is not valid; list where it is needed: " + String.join(", ", SecretSpec.PHASES));
                }
            }
        }
        if (t.egress() != null) {
            checkHosts(p, "egress.allow", t.egress().allow());
            checkHosts(p, "egress.setup", t.egress().setup());
            checkHosts(p, "egress.agent", t.egress().agent());
            checkHosts(p, "egress.verify", t.egress().verify());
        }
        if (t.recovery() != null && t.recovery().maxRestarts() != null && (t.recovery().maxRestarts() < 0 || t.recovery().maxRestarts() > 20)) {
            p.add("recovery.maxRestarts: " + t.recovery().maxRestarts() + " is not allowed; use 0 to 20");
        }
        if (t.sandbox() != null) {
            SandboxLimits s = t.sandbox();
            if (s.memory() != null && !(s.memory().matches("\\d{1,12}[kmgKMG]?") && Sizes.bytes(s.memory()) >= MIN_MEMORY)) {
                p.add("sandbox.memory: \"" + s.memory() + "\" is not valid; use a size of at least 6m (Docker's minimum) such as 512m or 2g");
            }
            if (s.cpus() != null && !(s.cpus() > 0)) p.add("sandbox.cpus: " + s.cpus() + " is not allowed; use a number above 0");
            if (s.disk() != null && !s.disk().equals("none") && !(s.disk().matches("\\d{1,9}[kmgtKMGT]") && Sizes.bytes(s.disk()) >= 64L << 20)) {
                p.add("sandbox.disk: \"" + s.disk() + "\" is not valid; use a size of at least 64m such as 4g, or none");
            }
            if (s.pids() != null && s.pids() < 16) p.add("sandbox.pids: " + s.pids() + " is too low; use at least 16");
            if (Boolean.FALSE.equals(s.readOnlyRoot()) && !"none".equals(s.disk())) {
                p.add("sandbox.readOnlyRoot: false would let the agent write to the container's root filesystem, which has no size"
                        + " limit; keep it true (the workspace and the agent home stay writable) or also set sandbox.disk: none");
            }
        }
        return p;
    }

    private static void checkHosts(List<String> p, String field, List<String> hosts) {
        if (hosts == null) return;
        for (int i = 0; i < hosts.size(); i++) {
            String problem = dev.agentruntime.egress.HostRules.problem(hosts.get(i));
            if (problem != null) p.add(field + "[" + i + "]: \"" + hosts.get(i) + "\" is not valid: " + problem);
        }
    }

    private static void checkCommands(List<String> p, String field, List<String> commands) {
        if (commands == null) return;
        for (int i = 0; i < commands.size(); i++) {
            if (blank(commands.get(i))) p.add(field + "[" + i + "]: must be a non-empty shell command");
        }
    }

    /**
     * Null when the branch {@code template} renders (with this task id and run id) to a name git accepts, else the
     * problem naming the {@code branch} field. Checked when the task is read, and again with the real run id before a
     * run directory is made.
     */
    public static String branchProblem(String template, String taskId, String runId) {
        String name = BranchNames.render(template, taskId, runId);
        String problem = BranchNames.problem(name);
        if (problem == null) return null;
        return "branch: \"" + template + "\"" + (name.equals(template) ? " " : " gives \"" + name + "\", which ") + problem;
    }

    /** {@code default}, {@code none}, or the policy file's absolute path — loaded here so a bad policy is bad input. */
    static String policyRef(String policy, Path baseDir, String source) {
        if (policy == null || policy.isBlank() || policy.equals("default")) return "default";
        if (policy.equals("none")) return "none";
        Path file = baseDir.resolve(policy).normalize();
        try {
            dev.agentruntime.policy.Policy.load(file);
        } catch (BadInputException e) {
            throw new BadInputException(source, e.problems().stream().map(x -> "policy: " + e.source() + ": " + x).toList());
        }
        return file.toString();
    }

    public static boolean isUrl(String repo) {
        return repo != null && URL_LIKE.matcher(repo).matches();
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }
}
