package dev.agentruntime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import dev.agentruntime.util.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads and validates batch files; every problem is reported at once, each naming its field. */
public final class BatchSpecs {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,47}");
    static final Set<String> PROVIDERS = Set.of("github", "gitlab", "gitea");
    static final int DEFAULT_CONCURRENCY = 2;
    static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);

    private BatchSpecs() {}

    public static Batch load(Path file) {
        return load(file, null);
    }

    /** @param idOverride a batch id that replaces the file's (the CLI's --id), or null */
    public static Batch load(Path file, String idOverride) {
        String text = SpecReader.readText(file);
        return parse(text, file.toString(), file.toAbsolutePath().getParent(), idOverride);
    }

    public static Batch parse(String text, String source, Path baseDir) {
        return parse(text, source, baseDir, null);
    }

    static Batch parse(String text, String source, Path baseDir, String idOverride) {
        BatchSpec read = SpecReader.parse(text, BatchSpec.class, source);
        BatchSpec s = idOverride == null ? read : new BatchSpec(idOverride, read.template(), read.repos(), read.reposFile(), read.canary(),
                read.concurrency(), read.maxFailures(), read.publish(), read.schedule());
        List<String> p = new ArrayList<>();
        if (s.id() == null || !ID.matcher(s.id()).matches()) {
            p.add("id: " + (s.id() == null ? "required" : "\"" + s.id() + "\" is not valid")
                    + "; use 1-48 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the batch directory, tasks and branches)");
        }
        if (s.template() == null) p.add("template: required; the task every repository gets (instructions, agent, model, verify, …)");
        else for (String f : List.of("id", "repo")) {
            if (s.template().has(f)) p.add("template." + f + ": not allowed; the batch sets it per repository (list repositories under repos)");
        }
        List<BatchSpec.Repo> repos = new ArrayList<>(s.repos() == null ? List.of() : s.repos());
        List<String> where = new ArrayList<>();
        for (int i = 0; i < repos.size(); i++) where.add("repos[" + i + "]");
        if (s.reposFile() != null) {
            List<BatchSpec.Repo> fromFile = readReposFile(baseDir.resolve(s.reposFile()), where, p);
            repos.addAll(fromFile);
        }
        if (repos.isEmpty()) p.add("repos: required; list repositories (URLs or paths) under repos or in a reposFile");
        int canary = s.canary() == null ? 0 : s.canary();
        if (canary < 0 || canary > repos.size()) p.add("canary: " + canary + " is not valid; use 0 to " + repos.size() + " (the number of repositories)");
        int concurrency = s.concurrency() == null ? DEFAULT_CONCURRENCY : s.concurrency();
        if (concurrency < 1 || concurrency > 64) p.add("concurrency: " + concurrency + " is not valid; use 1 to 64 runs at the same time");
        if (s.maxFailures() != null && s.maxFailures() < 0) p.add("maxFailures: " + s.maxFailures() + " is not valid; use 0 or more (omit it for no limit)");
        BatchSpec.Publish publish = s.publish() == null ? null : validPublish(s.publish(), repos, p);
        List<Batch.Item> items = s.template() == null || s.id() == null || !ID.matcher(s.id()).matches() ? List.of() : items(s, repos, where, publish, source, baseDir, p);
        if (!p.isEmpty()) throw new BadInputException(source, p);
        // What batch resume rebuilds from: the repositories inlined, so an edited or deleted repos file cannot shift them.
        String resolved = Json.write(new BatchSpec(s.id(), s.template(), repos, null, s.canary(), s.concurrency(), s.maxFailures(),
                s.publish(), s.schedule()));
        return new Batch(s.id(), resolved, baseDir.toString(), canary, concurrency, s.maxFailures(), publish, s.schedule(), items);
    }

    private static BatchSpec.Publish validPublish(BatchSpec.Publish pub, List<BatchSpec.Repo> repos, List<String> p) {
        if (pub.provider() == null || !PROVIDERS.contains(pub.provider())) {
            p.add("publish.provider: " + (pub.provider() == null ? "required" : "\"" + pub.provider() + "\" is not supported") + "; use github, gitlab or gitea");
        }
        if ("gitea".equals(pub.provider()) && pub.baseUrl() == null) p.add("publish.baseUrl: required for gitea, e.g. https://gitea.example.com");
        if (pub.repo() == null && repos.stream().anyMatch(r -> r.publishRepo() == null)) {
            p.add("publish.repo: required unless every repository sets publishRepo; e.g. \"acme/{name}\"");
        }
        return new BatchSpec.Publish(pub.provider(), pub.repo(), pub.baseUrl(), Boolean.TRUE.equals(pub.draft()),
                pub.labels() == null ? List.of() : pub.labels(), pub.tokenEnv() == null ? "AGENT_RUNTIME_PUBLISH_TOKEN" : pub.tokenEnv(),
                pub.minInterval() == null ? DEFAULT_MIN_INTERVAL : pub.minInterval());
    }

    private static List<Batch.Item> items(BatchSpec s, List<BatchSpec.Repo> repos, List<String> origins, BatchSpec.Publish publish, String source,
                                          Path baseDir, List<String> p) {
        List<Batch.Item> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> publishRepos = new HashMap<>();
        for (int i = 0; i < repos.size(); i++) {
            BatchSpec.Repo r = repos.get(i);
            String where = origins.get(i);
            if (r == null) {
                p.add(where + ": empty entry; give a repository URL or path, or an object with repo:");
                continue;
            }
            if (r.repo() == null || r.repo().isBlank()) {
                p.add(where + ".repo: required; a git URL or a local path");
                continue;
            }
            String name = r.name() != null ? r.name() : nameOf(r.repo());
            if (!ID.matcher(name).matches()) {
                p.add(where + ".name: \"" + name + "\" is not valid; use 1-48 letters, digits, '.', '_' or '-'");
                continue;
            }
            String seen = names.putIfAbsent(name, where);
            if (seen != null) {
                p.add(where + ": name \"" + name + "\" is also " + seen + "'s; give one of them its own name (name: in repos, or \"URL name\" in the repos file)");
                continue;
            }
            if (r.overrides() != null) for (String f : List.of("id", "repo")) {
                if (r.overrides().has(f)) p.add(where + ".overrides." + f + ": not allowed; the batch sets it");
            }
            ObjectNode task = s.template().deepCopy();
            if (r.overrides() != null) merge(task, r.overrides());
            task.put("id", taskId(s.id(), name)).put("repo", r.repo());
            if (!task.has("branch")) task.put("branch", "agent/" + s.id());
            try {
                TaskSpec t = TaskSpecs.parse(Json.write(task), source + " " + where + " (" + name + ")", baseDir);
                String publishRepo = r.publishRepo() != null ? r.publishRepo()
                        : publish != null && publish.repo() != null ? publish.repo().replace("{name}", name) : null;
                String other = publishRepo == null ? null : publishRepos.putIfAbsent(publishRepo, name);
                if (other != null) {
                    p.add(where + " (" + name + "): publishes to " + publishRepo + " like " + other
                            + "; each repository needs its own pull request (put {name} in publish.repo, or set publishRepo)");
                }
                out.add(new Batch.Item(i, name, t.repo(), publishRepo, t));
            } catch (BadInputException e) {
                e.problems().forEach(x -> p.add(where + " (" + name + "): " + x));
            }
        }
        return out;
    }

    /**
     * Environment variables the tasks read (model.apiKeyEnv, secrets[].fromEnv) that {@code env} lacks, each once with
     * how many repositories need it: checked before the batch starts, so a missing key does not fail every run in turn.
     */
    public static List<String> missingEnvironment(Batch batch, java.util.function.Function<String, String> env) {
        Map<String, List<String>> missing = new java.util.TreeMap<>();
        for (Batch.Item item : batch.items()) {
            List<String> vars = new ArrayList<>();
            if (item.task().model().apiKeyEnv() != null) vars.add(item.task().model().apiKeyEnv() + " (model.apiKeyEnv)");
            item.task().secrets().stream().filter(x -> x.fromEnv() != null).forEach(x -> vars.add(x.fromEnv() + " (secrets " + x.name() + ")"));
            for (String v : vars) {
                String name = v.substring(0, v.indexOf(' '));
                String value = env.apply(name);
                if (value == null || value.isEmpty()) missing.computeIfAbsent(v, k -> new ArrayList<>()).add(item.name());
            }
        }
        List<String> out = new ArrayList<>();
        missing.forEach((v, names) -> out.add("environment variable " + v + " is not set; " + names.size() + " repositories need it ("
                + String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", …" : "") + ")"));
        return out;
    }

    /** The task id of a repository in the batch: {@code <batch>-<name>}, at most 64 characters. */
    static String taskId(String batchId, String name) {
        String id = batchId + "-" + name;
        return id.length() <= 64 ? id : id.substring(0, 64);
    }

    /** The repository's last path segment without {@code .git}, reduced to id characters. */
    static String nameOf(String repo) {
        String s = repo.strip().replaceAll("[/\\\\]+$", "").replaceAll("\\.git$", "");
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf(':')) + 1);
        s = s.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return s.isEmpty() ? "repo" : s.length() > 48 ? s.substring(0, 48) : s;
    }

    /** Objects merge field by field; anything else in {@code over} replaces. */
    static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode o) merge(c, o);
            else base.set(e.getKey(), e.getValue().deepCopy());
        }
    }

    /** One repository per line: {@code URL [name]}; blank lines and {@code #} comments are skipped. */
    private static List<BatchSpec.Repo> readReposFile(Path file, List<String> origins, List<String> p) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            p.add("reposFile: cannot read " + file + " (" + e.getClass().getSimpleName() + "); one repository per line, relative to the batch file");
            return List.of();
        }
        List<BatchSpec.Repo> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] parts = l.split("\\s+");
            if (parts.length > 2) {
                p.add("reposFile line " + (n + 1) + ": \"" + l + "\" has " + parts.length + " words; write \"URL\" or \"URL name\"");
                continue;
            }
            out.add(new BatchSpec.Repo(parts[0], parts.length == 2 ? parts[1] : null, null, null));
            origins.add("reposFile line " + (n + 1));
        }
        return out;
    }
}
