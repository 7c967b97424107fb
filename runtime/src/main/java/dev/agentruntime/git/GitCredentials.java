package dev.agentruntime.git;

import dev.agentruntime.common.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Credentials host-side git uses to reach the task repository (clone, fetch, ls-remote, push), read from the
 * runtime's environment — never from the task file, never stored in the run directory, so {@code agent-runtime
 * resume} reads them again from its own environment. Only git's network commands get them; the sandbox never does.
 * <ul>
 *   <li>{@value #USERNAME} / {@value #PASSWORD}: HTTP(S) basic auth, answered by a credential helper that reads the
 *   two variables (no file; the helpers of the user's git config are switched off, so nothing stores them).</li>
 *   <li>{@value #SSH_KEY} (the private key's text) with optional {@value #SSH_PASSPHRASE}: SSH with this key only
 *   ({@code -i key -o IdentitiesOnly=yes}, no agent, no password prompts). For each git command the key is written to
 *   a 0600 file in a fresh 0700 directory outside the run directory and removed when the command ends.</li>
 *   <li>{@value #KNOWN_HOSTS}: the known_hosts file to check the server's host key against; without it, ssh's own
 *   (the user's ~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts). Host keys are always checked strictly: an unknown or
 *   changed key fails the command.</li>
 * </ul>
 */
public final class GitCredentials {
    public static final String USERNAME = "AGENT_RUNTIME_GIT_USERNAME";
    public static final String PASSWORD = "AGENT_RUNTIME_GIT_PASSWORD";
    public static final String SSH_KEY = "AGENT_RUNTIME_GIT_SSH_KEY";
    public static final String SSH_PASSPHRASE = "AGENT_RUNTIME_GIT_SSH_PASSPHRASE";
    public static final String KNOWN_HOSTS = "AGENT_RUNTIME_GIT_SSH_KNOWN_HOSTS";
    /** Every variable of this contract: child processes other than git's network commands never inherit them. */
    public static final List<String> VARIABLES = List.of(USERNAME, PASSWORD, SSH_KEY, SSH_PASSPHRASE, KNOWN_HOSTS);
    /** The username when only a password (a token) is given: what GitHub, GitLab and Gitea accept with a token. */
    static final String TOKEN_USER = "x-access-token";
    private static final GitCredentials NONE = new GitCredentials(Map.of());
    private static final String HELPER = "!f() { test \"$1\" = get || exit 0; printf 'username=%s\\npassword=%s\\n' \"$" + USERNAME
            + "\" \"$" + PASSWORD + "\"; }; f";

    private final Map<String, String> values;

    private GitCredentials(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static GitCredentials none() {
        return NONE;
    }

    /** Reads the contract's variables from {@code env}; inconsistent ones are bad input naming the variable. */
    public static GitCredentials from(Function<String, String> env) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String name : VARIABLES) {
            String value = env.apply(name);
            if (value != null && !value.isEmpty()) v.put(name, value);
        }
        if (v.containsKey(USERNAME) && !v.containsKey(PASSWORD)) {
            throw new BadInputException(USERNAME, "set, but " + PASSWORD + " is not; set both (or only the password, for a token)");
        }
        for (String name : List.of(USERNAME, PASSWORD)) {
            if (v.getOrDefault(name, "").matches("(?s).*[\\r\\n\\x00].*")) throw new BadInputException(name, "must be a single line");
        }
        if (v.containsKey(PASSWORD)) v.putIfAbsent(USERNAME, TOKEN_USER);
        if (v.containsKey(SSH_PASSPHRASE) && !v.containsKey(SSH_KEY)) {
            throw new BadInputException(SSH_PASSPHRASE, "set, but " + SSH_KEY + " (the private key) is not");
        }
        if (v.containsKey(SSH_KEY) && !v.get(SSH_KEY).contains("PRIVATE KEY-----")) {
            throw new BadInputException(SSH_KEY, "does not hold a private key (-----BEGIN … PRIVATE KEY-----)");
        }
        if (v.containsKey(KNOWN_HOSTS) && !Files.isReadable(Path.of(v.get(KNOWN_HOSTS)))) {
            throw new BadInputException(KNOWN_HOSTS, "cannot read " + v.get(KNOWN_HOSTS) + "; name a known_hosts file");
        }
        return v.isEmpty() ? NONE : new GitCredentials(v);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The secret values, for the masker: password, passphrase, the key and each line of its body. */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (String name : List.of(PASSWORD, SSH_PASSPHRASE)) if (values.containsKey(name)) out.add(values.get(name));
        String key = values.get(SSH_KEY);
        if (key != null) {
            out.add(key.strip());
            key.lines().map(String::strip).filter(l -> !l.startsWith("-----") && !l.isEmpty()).forEach(out::add);
        }
        return out;
    }

    /** A reason for a failed network command that names the credentials when they were the cause; else {@code why}. */
    public String explain(String why) {
        if (why.contains("Authentication failed") || why.contains("could not read Username") || why.contains("401")) {
            return (values.containsKey(PASSWORD) ? "the server rejected the git username/password (" + USERNAME + "/" + PASSWORD + ")"
                    : "the server asks for credentials and none were given (" + USERNAME + "/" + PASSWORD + ")")
                    + "; check them (in Jenkins: the credentialsId) — " + why;
        }
        if (why.contains("Permission denied (publickey")) {
            return (values.containsKey(SSH_KEY) ? "the server rejected the SSH key (" + SSH_KEY + ")"
                    : "the server wants an SSH key and none was given (" + SSH_KEY + ")") + "; check it (in Jenkins: the credentialsId) — " + why;
        }
        if (why.contains("Host key verification failed")) {
            return "the server's SSH host key is not in known_hosts; add it to " + (values.containsKey(KNOWN_HOSTS) ? values.get(KNOWN_HOSTS)
                    : "the node's ~/.ssh/known_hosts or name a known_hosts file in " + KNOWN_HOSTS) + " — " + why;
        }
        return why;
    }

    /** Sets up what one git network command needs; closing removes every file it wrote. */
    Session open() {
        return new Session();
    }

    /** The {@code -c} options and environment of one git command, and the temporary files behind them. */
    final class Session implements AutoCloseable {
        final List<String> config = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        private Path dir;

        private Session() {
            // An empty credential.helper drops the helpers of the user's config: none of them may store these values.
            config.addAll(List.of("-c", "credential.helper="));
            if (values.containsKey(PASSWORD)) {
                config.addAll(List.of("-c", "credential.helper=" + HELPER));
                env.put(USERNAME, values.get(USERNAME));
                env.put(PASSWORD, values.get(PASSWORD));
            }
            if (values.containsKey(SSH_KEY) || values.containsKey(KNOWN_HOSTS)) env.put("GIT_SSH_COMMAND", sshCommand());
        }

        private String sshCommand() {
            List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=yes", "-o", "PasswordAuthentication=no",
                    "-o", "KbdInteractiveAuthentication=no"));
            if (values.containsKey(KNOWN_HOSTS)) ssh.addAll(List.of("-o", "UserKnownHostsFile=" + values.get(KNOWN_HOSTS)));
            if (values.containsKey(SSH_KEY)) {
                try {
                    dir = Files.createTempDirectory("agent-runtime-git-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    Path key = Files.createFile(dir.resolve("key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    String text = values.get(SSH_KEY).strip().replace("\r\n", "\n");
                    Files.writeString(key, text + "\n");
                    ssh.addAll(List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "PreferredAuthentications=publickey"));
                    if (values.containsKey(SSH_PASSPHRASE)) {
                        // ssh asks this script for the passphrase; the script holds no secret, it prints the variable.
                        Path askpass = Files.createFile(dir.resolve("askpass"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$" + SSH_PASSPHRASE + "\"\n");
                        env.put("SSH_ASKPASS", askpass.toString());
                        env.put("SSH_ASKPASS_REQUIRE", "force");
                        env.put(SSH_PASSPHRASE, values.get(SSH_PASSPHRASE));
                    } else {
                        ssh.addAll(List.of("-o", "BatchMode=yes"));
                    }
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException("cannot write the SSH key for git", e);
                }
            } else {
                ssh.addAll(List.of("-o", "BatchMode=yes"));
            }
            return String.join(" ", ssh.stream().map(Session::quote).toList());
        }

        /** For GIT_SSH_COMMAND, which git runs through the shell. */
        private static String quote(String word) {
            return word.matches("[A-Za-z0-9_./=:-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
        }

        @Override
        public void close() {
            if (dir == null) return;
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the SSH key's temporary directory " + dir, e);
            }
        }
    }
}
