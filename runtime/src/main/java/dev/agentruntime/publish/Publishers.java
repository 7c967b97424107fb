package dev.agentruntime.publish;

import dev.agentruntime.common.BadInputException;

/** The publisher for a provider name, as {@code agent-runtime publish} and batches configure it. */
public final class Publishers {
    private Publishers() {}

    /** @param field the option or spec field that named the provider, for the error message */
    public static Publisher create(String provider, String baseUrl, String token, String field, String baseUrlField) {
        return switch (provider) {
            case "github" -> new GitHubPublisher(baseUrl, token);
            case "gitlab" -> new GitLabPublisher(baseUrl, token);
            case "gitea" -> {
                if (baseUrl == null) throw new BadInputException(baseUrlField, "gitea needs the server address, e.g. https://gitea.example.com");
                yield new GiteaPublisher(baseUrl, token);
            }
            default -> throw new BadInputException(field, "\"" + provider + "\" is not supported; use github, gitlab or gitea");
        };
    }
}
