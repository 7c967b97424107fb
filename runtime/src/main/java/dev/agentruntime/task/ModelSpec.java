package dev.agentruntime.task;

/**
 * The model endpoint an agent talks to.
 *
 * @param baseUrl   OpenAI-compatible base URL, e.g. {@code http://127.0.0.1:8080/v1}
 * @param model     model name sent in each request
 * @param apiKeyEnv name of the environment variable (of the runtime, never the sandbox) holding the API key
 */
public record ModelSpec(String baseUrl, String model, String apiKeyEnv) {}
