package dev.agentruntime.publish;

import java.util.List;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.MergeRequestFilter;
import org.gitlab4j.api.models.MergeRequestParams;
import org.gitlab4j.models.Constants;

/**
 * GitLab merge requests through the kept gitlab4j client ({@code PRIVATE-TOKEN} auth). The open merge request whose
 * source branch is the run's branch is updated; otherwise one is opened. A draft is a title starting with
 * "Draft: " (GitLab's convention).
 */
public final class GitLabPublisher implements Publisher {
    private final String baseUrl;
    private final String token;

    /** @param baseUrl the GitLab server, e.g. https://gitlab.com */
    public GitLabPublisher(String baseUrl, String token) {
        this.baseUrl = baseUrl == null ? "https://gitlab.com" : baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    @Override
    public PullRequest openOrUpdate(PullRequestSpec spec) {
        String title = spec.draft() && !spec.title().startsWith("Draft:") ? "Draft: " + spec.title() : spec.title();
        try (GitLabApi api = new GitLabApi(baseUrl, token)) {
            List<MergeRequest> open = api.getMergeRequestApi().getMergeRequests(spec.repo(),
                    new MergeRequestFilter().withState(Constants.MergeRequestState.OPENED).withSourceBranch(spec.head()));
            MergeRequestParams params = new MergeRequestParams().withTitle(title).withDescription(spec.body());
            if (!spec.labels().isEmpty()) params.withLabels(spec.labels());
            MergeRequest mr;
            boolean created = open.stream().noneMatch(m -> spec.head().equals(m.getSourceBranch()));
            if (created) {
                mr = api.getMergeRequestApi().createMergeRequest(spec.repo(),
                        params.withSourceBranch(spec.head()).withTargetBranch(spec.base()));
            } else {
                MergeRequest existing = open.stream().filter(m -> spec.head().equals(m.getSourceBranch())).findFirst().orElseThrow();
                mr = api.getMergeRequestApi().updateMergeRequest(spec.repo(), existing.getIid(), params);
            }
            return new PullRequest(mr.getIid(), mr.getWebUrl(), created);
        } catch (GitLabApiException e) {
            String detail = e.getValidationErrors() != null && !e.getValidationErrors().isEmpty() ? e.getValidationErrors().toString() : e.getMessage();
            throw PublishException.forStatus("GitLab", e.getHttpStatus(), "publishing " + spec.head() + " to " + spec.repo(), detail, null);
        }
    }
}
