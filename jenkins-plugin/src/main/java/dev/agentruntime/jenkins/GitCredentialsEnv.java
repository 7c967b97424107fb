package dev.agentruntime.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code credentialsId} of agentTask (and {@code gitCredentialsId} of agentPublishPR): Jenkins credentials for the
 * runtime's host-side git (clone, fetch, push), handed to the runtime in its environment — the runtime's contract
 * (docs/task-spec.md, "Git credentials"): {@code AGENT_RUNTIME_GIT_USERNAME}/{@code AGENT_RUNTIME_GIT_PASSWORD} for
 * a username/password credential (a GitHub App credential is one: its password is a short-lived installation token,
 * minted when read — so at each launch), {@code AGENT_RUNTIME_GIT_SSH_KEY} (+ {@code _PASSPHRASE}) for an SSH
 * private key. Values are read on the controller when the runtime is launched and are never persisted.
 */
final class GitCredentialsEnv {
    static final String USERNAME = "AGENT_RUNTIME_GIT_USERNAME";
    static final String PASSWORD = "AGENT_RUNTIME_GIT_PASSWORD";
    static final String SSH_KEY = "AGENT_RUNTIME_GIT_SSH_KEY";
    static final String SSH_PASSPHRASE = "AGENT_RUNTIME_GIT_SSH_PASSPHRASE";

    private GitCredentialsEnv() {}

    /** Looks {@code id} up for {@code run}, records its use, and returns the runtime's environment for it. */
    static Map<String, String> resolve(String step, String param, String id, Run<?, ?> run) throws AbortException {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (c == null) {
            throw new AbortException(step + ": " + param + " '" + id + "' names no credentials this build can use; add \"SSH Username with "
                    + "private key\" or \"Username with password\" credentials with that id (Manage Jenkins » Credentials, or the folder's), or fix "
                    + param);
        }
        Map<String, String> env = env(step, param, c);
        CredentialsProvider.track(run, c);
        return env;
    }

    /** {@link #of}, failing the step with the message alone. */
    static Map<String, String> env(String step, String param, StandardCredentials c) throws AbortException {
        try {
            return of(step, param, c);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** The environment for {@code c}; an unsupported type is bad input naming the parameter and the types that work. */
    static Map<String, String> of(String step, String param, StandardCredentials c) {
        if (c instanceof SSHUserPrivateKey key) return forKey(step, param, c.getId(), key.getPrivateKeys(), plain(key.getPassphrase()));
        if (c instanceof StandardUsernamePasswordCredentials up) return forPassword(step, param, c.getId(), up.getUsername(), plain(up.getPassword()));
        throw new IllegalArgumentException(step + ": " + param + " '" + c.getId() + "' is a " + c.getClass().getSimpleName() + " credential; git needs "
                + "\"SSH Username with private key\" or \"Username with password\" (a GitHub App credential is one): change the credential or " + param);
    }

    static Map<String, String> forPassword(String step, String param, String id, String username, String password) {
        if (password == null || password.isEmpty()) throw new IllegalArgumentException(step + ": " + param + " '" + id + "' has an empty password");
        Map<String, String> env = new LinkedHashMap<>();
        if (username != null && !username.isBlank()) env.put(USERNAME, username);
        env.put(PASSWORD, password);
        return env;
    }

    static Map<String, String> forKey(String step, String param, String id, List<String> keys, String passphrase) {
        if (keys == null || keys.isEmpty() || keys.get(0).isBlank()) throw new IllegalArgumentException(step + ": " + param + " '" + id + "' holds no private key");
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SSH_KEY, keys.get(0));
        if (passphrase != null && !passphrase.isEmpty()) env.put(SSH_PASSPHRASE, passphrase);
        return env;
    }

    /** The values of {@code env} the log must never show: password, passphrase, the key and each line of its body. */
    static List<String> secrets(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String name : List.of(PASSWORD, SSH_PASSPHRASE)) if (env.containsKey(name)) out.add(env.get(name));
        String key = env.get(SSH_KEY);
        if (key != null) {
            out.add(key.strip());
            key.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("-----")).forEach(out::add);
        }
        return out;
    }

    private static String plain(Secret s) {
        return s == null ? null : s.getPlainText();
    }
}
