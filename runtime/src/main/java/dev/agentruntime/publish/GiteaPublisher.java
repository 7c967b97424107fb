package dev.agentruntime.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentruntime.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gitea over its REST API (https://docs.gitea.com/api/1.22/, /api/v1): no kept Java client exists, so a small typed
 * one. A draft is a pull request whose title starts with "WIP: " (Gitea's draft convention). A 429 (or a 403 with
 * Retry-After) is waited out once, up to 60 s.
 */
public final class GiteaPublisher implements Publisher {
    private final String api;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    /** @param baseUrl the Gitea server, e.g. https://gitea.example.com */
    public GiteaPublisher(String baseUrl, String token) {
        this.api = baseUrl.replaceAll("/+$", "") + "/api/v1";
        this.token = token;
    }

    @Override
    public PullRequest openOrUpdate(PullRequestSpec spec) {
        String repo = "/repos/" + spec.repo();
        String title = spec.draft() && !spec.title().startsWith("WIP:") ? "WIP: " + spec.title() : spec.title();
        JsonNode existing = null;
        for (JsonNode pr : call("GET", repo + "/pulls?state=open&limit=50", null, "listing open pull requests")) {
            if (spec.head().equals(pr.path("head").path("ref").asText())) existing = pr;
        }
        JsonNode pr;
        boolean created = existing == null;
        ObjectNode body = Json.object().put("title", title).put("body", spec.body());
        if (created) {
            body.put("head", spec.head()).put("base", spec.base());
            pr = call("POST", repo + "/pulls", body, "opening the pull request");
        } else {
            pr = call("PATCH", repo + "/pulls/" + existing.path("number").asLong(), body, "updating pull request #" + existing.path("number").asLong());
        }
        long number = pr.path("number").asLong();
        if (!spec.labels().isEmpty()) label(repo, number, spec.labels());
        return new PullRequest(number, pr.path("html_url").asText(), created);
    }

    /** Gitea labels pull requests by label id: the names are looked up first; unknown names are an error. */
    private void label(String repo, long number, List<String> names) {
        List<Long> ids = new ArrayList<>();
        JsonNode all = call("GET", repo + "/labels?limit=50", null, "listing labels");
        for (String n : names) {
            Long id = null;
            for (JsonNode l : all) if (l.path("name").asText().equals(n)) id = l.path("id").asLong();
            if (id == null) throw new PublishException("Gitea repository " + repo.substring(7) + " has no label \"" + n + "\"; create it or drop it from --labels");
            ids.add(id);
        }
        ObjectNode body = Json.object();
        ids.forEach(body.putArray("labels")::add);
        call("POST", repo + "/issues/" + number + "/labels", body, "labelling #" + number);
    }

    private JsonNode call(String method, String path, ObjectNode body, String what) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "token " + token).header("Accept", "application/json");
            if (body != null) b.header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new PublishException("cannot reach Gitea at " + api + " while " + what + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while " + what);
            }
            String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
            if ((r.statusCode() == 429 || (r.statusCode() == 403 && retryAfter != null)) && attempt == 1 && waitFor(retryAfter)) continue;
            if (r.statusCode() / 100 != 2) {
                throw PublishException.forStatus("Gitea", r.statusCode(), what, message(r.body()), retryAfter);
            }
            try {
                return r.body().isBlank() ? Json.object() : Json.MAPPER.readTree(r.body());
            } catch (IOException e) {
                throw new PublishException("Gitea answered something that is not JSON while " + what);
            }
        }
    }

    /** Waits Retry-After seconds (at most 60); false when it is absent or too long. */
    static boolean waitFor(String retryAfter) {
        try {
            long s = Long.parseLong(retryAfter == null ? "" : retryAfter.trim());
            if (s > 60) return false;
            Thread.sleep(s * 1000);
            return true;
        } catch (NumberFormatException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String message(String body) {
        try {
            return Json.MAPPER.readTree(body).path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }
}
