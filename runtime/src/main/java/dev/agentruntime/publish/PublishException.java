package dev.agentruntime.publish;

/** A publish that failed with a message that says what to fix (auth, permission, not found, validation, rate limit). */
public final class PublishException extends RuntimeException {
    private final Long retryAfterSeconds;

    public PublishException(String message) {
        this(message, null);
    }

    PublishException(String message, Long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the code host asked to wait (rate limit with Retry-After), or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The message for an HTTP status from a code host API. */
    static PublishException forStatus(String provider, int status, String what, String detail, String retryAfter) {
        String d = detail == null || detail.isBlank() ? "" : ": " + detail;
        boolean limited = status == 429 || (status == 403 && retryAfter != null);
        return new PublishException(switch (status) {
            case 401 -> provider + " rejected the token (401) while " + what + d + "; check the token (--token-env) is valid and not expired";
            case 403 -> retryAfter != null
                    ? provider + " rate limit (403) while " + what + "; retry after " + retryAfter + " s" + d
                    : provider + " refused (403) while " + what + d + "; the token needs write access to pull requests and contents";
            case 404 -> provider + " found nothing (404) while " + what + d + "; check --repo (owner/name) and --base-url, and that the token can see the repository";
            case 422 -> provider + " rejected the request (422) while " + what + d;
            case 429 -> provider + " rate limit (429) while " + what + (retryAfter != null ? "; retry after " + retryAfter + " s" : "") + d;
            default -> provider + " answered HTTP " + status + " while " + what + d;
        }, limited ? seconds(retryAfter) : null);
    }

    private static Long seconds(String retryAfter) {
        try {
            return retryAfter == null ? 0L : Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
