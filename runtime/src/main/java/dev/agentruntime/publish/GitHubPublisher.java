package dev.agentruntime.publish;

import java.io.IOException;
import java.util.List;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * GitHub (and GitHub Enterprise: {@code --base-url https://host/api/v3}) through the kept hub4j client. The open
 * pull request whose head is {@code owner:branch} is updated; otherwise one is opened (as a draft on request).
 * A rate-limit answer (403/429 with Retry-After) is waited out once, up to 60 s.
 */
public final class GitHubPublisher implements Publisher {
    private final String apiUrl;
    private final String token;

    public GitHubPublisher(String apiUrl, String token) {
        this.apiUrl = apiUrl == null ? "https://api.github.com" : apiUrl.replaceAll("/+$", "");
        this.token = token;
    }

    @Override
    public PullRequest openOrUpdate(PullRequestSpec spec) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(spec);
            } catch (HttpException e) {
                String retryAfter = header(e, "Retry-After");
                boolean limited = e.getResponseCode() == 429 || (e.getResponseCode() == 403 && retryAfter != null);
                if (limited && attempt == 1 && GiteaPublisher.waitFor(retryAfter)) continue;
                throw PublishException.forStatus("GitHub", e.getResponseCode(), "publishing " + spec.head() + " to " + spec.repo(),
                        message(e), retryAfter);
            } catch (GHFileNotFoundException e) {
                throw PublishException.forStatus("GitHub", 404, "publishing " + spec.head() + " to " + spec.repo(), null, null);
            } catch (IOException e) {
                throw new PublishException("cannot reach GitHub at " + apiUrl + ": " + e.getMessage());
            }
        }
    }

    private PullRequest attempt(PullRequestSpec spec) throws IOException {
        GitHub gh = new GitHubBuilder().withEndpoint(apiUrl).withOAuthToken(token).build();
        GHRepository repo = gh.getRepository(spec.repo());
        String owner = spec.repo().substring(0, spec.repo().indexOf('/'));
        List<GHPullRequest> open = repo.queryPullRequests().state(GHIssueState.OPEN).head(owner + ":" + spec.head()).list().toList();
        GHPullRequest pr;
        boolean created = open.isEmpty();
        if (created) {
            pr = repo.createPullRequest(spec.title(), spec.head(), spec.base(), spec.body(), true, spec.draft());
        } else {
            pr = open.get(0);
            pr.setTitle(spec.title());
            pr.setBody(spec.body());
        }
        if (!spec.labels().isEmpty()) pr.addLabels(spec.labels().toArray(String[]::new));
        return new PullRequest(pr.getNumber(), String.valueOf(pr.getHtmlUrl()), created);
    }

    private static String header(HttpException e, String name) {
        if (e.getResponseHeaderFields() == null) return null;
        for (var h : e.getResponseHeaderFields().entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) return h.getValue().get(0);
        }
        return null;
    }

    /** GitHub's error JSON carries "message"; hub4j puts the body into the exception message. */
    private static String message(HttpException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int i = m.indexOf("\"message\":\"");
        if (i < 0) return m.length() > 300 ? m.substring(0, 300) : m;
        int end = m.indexOf('"', i + 11);
        return end < 0 ? m.substring(i + 11) : m.substring(i + 11, end);
    }
}
