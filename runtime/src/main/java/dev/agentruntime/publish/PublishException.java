package dev.agentruntime.publish;

/** A publish that failed with a message that says what to fix (auth, permission, not found, validation, rate limit). */
public final class PublishException extends RuntimeException {
    public PublishException(String message) {
        super(message);
    }

    /** The message for an HTTP status from a code host API. */
    static PublishException forStatus(String provider, int status, String what, String detail, String retryAfter) {
        String d = detail == null || detail.isBlank() ? "" : ": " + detail;
        return new PublishException(switch (status) {
            case 401 -> provider + " rejected the token (401) while " + what + d + "; check the token (--token-env) is valid and not expired";
            case 403 -> retryAfter != null
                    ? provider + " rate limit (403) while " + what + "; retry after " + retryAfter + " s" + d
                    : provider + " refused (403) while " + what + d + "; the token needs write access to pull requests and contents";
            case 404 -> provider + " found nothing (404) while " + what + d + "; check --repo (owner/name) and --base-url, and that the token can see the repository";
            case 422 -> provider + " rejected the request (422) while " + what + d;
            case 429 -> provider + " rate limit (429) while " + what + (retryAfter != null ? "; retry after " + retryAfter + " s" : "") + d;
            default -> provider + " answered HTTP " + status + " while " + what + d;
        });
    }
}
