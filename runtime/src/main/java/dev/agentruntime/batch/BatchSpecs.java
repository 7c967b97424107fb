package dev.agentruntime.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.task.TaskSpec;
import dev.agentruntime.task.TaskSpecs;
import dev.agentruntime.util.BadInputException;
import dev.agentruntime.util.Json;
import dev.agentruntime.util.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "file not found; pass the path of an existing batch file (YAML or JSON)");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    public static Batch parse(String text, String source, Path baseDir) {
        BatchSpec s = SpecReader.parse(text, BatchSpec.class, source);
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
        if (s.reposFile() != null) repos.addAll(readReposFile(baseDir.resolve(s.reposFile()), p));
        if (repos.isEmpty()) p.add("repos: required; list repositories (URLs or paths) under repos or in a reposFile");
        int canary = s.canary() == null ? 0 : s.canary();
        if (canary < 0 || canary > repos.size()) p.add("canary: " + canary + " is not valid; use 0 to " + repos.size() + " (the number of repositories)");
        int concurrency = s.concurrency() == null ? DEFAULT_CONCURRENCY : s.concurrency();
        if (concurrency < 1 || concurrency > 64) p.add("concurrency: " + concurrency + " is not valid; use 1 to 64 runs at the same time");
        if (s.maxFailures() != null && s.maxFailures() < 0) p.add("maxFailures: " + s.maxFailures() + " is not valid; use 0 or more (omit it for no limit)");
        BatchSpec.Publish publish = s.publish() == null ? null : validPublish(s.publish(), repos, p);
        List<Batch.Item> items = p.isEmpty() ? items(s, repos, publish, source, baseDir, p) : List.of();
        if (!p.isEmpty()) throw new BadInputException(source, p);
        return new Batch(s.id(), text, baseDir.toString(), canary, concurrency, s.maxFailures(), publish, s.schedule(), items);
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

    private static List<Batch.Item> items(BatchSpec s, List<BatchSpec.Repo> repos, BatchSpec.Publish publish, String source, Path baseDir,
                                          List<String> p) {
        List<Batch.Item> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < repos.size(); i++) {
            BatchSpec.Repo r = repos.get(i);
            String where = "repos[" + i + "]";
            if (r.repo() == null || r.repo().isBlank()) {
                p.add(where + ".repo: required; a git URL or a local path");
                continue;
            }
            String name = r.name() != null ? r.name() : nameOf(r.repo());
            if (!ID.matcher(name).matches()) {
                p.add(where + ".name: \"" + name + "\" is not valid; use 1-48 letters, digits, '.', '_' or '-'");
                continue;
            }
            Integer seen = names.putIfAbsent(name, i);
            if (seen != null) {
                p.add(where + ": name \"" + name + "\" is also repos[" + seen + "]'s; give one of them its own name (repos[i].name)");
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
                out.add(new Batch.Item(i, name, t.repo(), publishRepo, t));
            } catch (BadInputException e) {
                e.problems().forEach(x -> p.add(where + " (" + name + "): " + x));
            }
        }
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

    private static List<BatchSpec.Repo> readReposFile(Path file, List<String> p) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(BatchSpec.Repo::of).toList();
        } catch (IOException e) {
            p.add("reposFile: cannot read " + file + " (" + e.getClass().getSimpleName() + "); one repository per line, relative to the batch file");
            return List.of();
        }
    }
}
