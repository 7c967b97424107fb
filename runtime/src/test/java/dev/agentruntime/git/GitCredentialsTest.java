package dev.agentruntime.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.demo.ExampleRepo;
import dev.agentruntime.secrets.Secrets;
import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host git with the credentials of the runtime's environment, against real servers on loopback: git http-backend
 * behind basic auth, and an SSH server running git-upload-pack / git-receive-pack with public-key auth. Clone, branch
 * check, push; wrong or missing credentials fail naming what to fix; nothing is stored or left behind.
 */
class GitCredentialsTest {
    @TempDir
    Path tmp;

    final String password = "pw-" + System.nanoTime() + "-secret";

    @Test
    void clonesAndPushesOverHttpWithUsernameAndPassword() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        try (GitHttpServer server = new GitHttpServer(repo.remote().getParent(), "alice", password)) {
            GitCredentials creds = GitCredentials.from(Map.of(GitCredentials.USERNAME, "alice", GitCredentials.PASSWORD, password)::get);
            Workspace ws = Workspace.cloneRepo(server.url(repo.remote().getFileName().toString()), tmp.resolve("ws"), null, creds);
            assertPushes(ws, repo.remote());
            assertThat(server.refused()).as("git sent the credentials after the server asked once per request").isPositive();
        }
    }

    @Test
    void aPasswordAloneIsATokenWithTheUsualUserName() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        try (GitHttpServer server = new GitHttpServer(repo.remote().getParent(), password)) {
            GitCredentials creds = GitCredentials.from(Map.of(GitCredentials.PASSWORD, password)::get);
            assertPushes(Workspace.cloneRepo(server.url(repo.remote().getFileName().toString()), tmp.resolve("ws"), null, creds), repo.remote());
        }
    }

    @Test
    void aWrongOrMissingPasswordFailsNamingTheCredentials() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        try (GitHttpServer server = new GitHttpServer(repo.remote().getParent(), "alice", password)) {
            String url = server.url(repo.remote().getFileName().toString());
            GitCredentials wrong = GitCredentials.from(Map.of(GitCredentials.USERNAME, "alice", GitCredentials.PASSWORD, "not-" + password)::get);
            assertThatThrownBy(() -> Workspace.cloneRepo(url, tmp.resolve("a"), null, wrong))
                    .isInstanceOf(GitException.class).hasMessageContaining("rejected the git username/password")
                    .hasMessageContaining(GitCredentials.PASSWORD).hasMessageNotContaining(password);
            assertThatThrownBy(() -> Workspace.cloneRepo(url, tmp.resolve("b"), null, GitCredentials.none()))
                    .isInstanceOf(GitException.class).hasMessageContaining("none were given");
        }
    }

    @Test
    void theUsersCredentialHelpersNeverSeeThePassword() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        Path store = tmp.resolve("git-credentials");
        Path global = tmp.resolve("gitconfig");
        Files.writeString(global, "[credential]\n\thelper = store --file=" + store + "\n");
        try (GitHttpServer server = new GitHttpServer(repo.remote().getParent(), "alice", password)) {
            GitCredentials creds = GitCredentials.from(Map.of(GitCredentials.USERNAME, "alice", GitCredentials.PASSWORD, password)::get);
            Proc.Result r = new Git(tmp, Map.of("GIT_CONFIG_GLOBAL", global.toString()), creds)
                    .run("clone", "-q", server.url(repo.remote().getFileName().toString()), "ws");
            assertThat(r.ok()).as(r.diagnostic()).isTrue();
            // the same clone without our helper reset stores it: the check can fail
            Proc.Result plain = new Git(tmp, Map.of("GIT_CONFIG_GLOBAL", global.toString())).run("-c", "credential.helper=!f() { echo username=alice; echo password="
                    + password + "; }; f", "ls-remote", server.url(repo.remote().getFileName().toString()));
            assertThat(plain.ok()).as(plain.diagnostic()).isTrue();
            assertThat(store).as("the store helper did run for a plain git").exists();
            Files.delete(store);
            r = new Git(tmp.resolve("ws"), Map.of("GIT_CONFIG_GLOBAL", global.toString()), creds).run("fetch", "-q", "origin");
            assertThat(r.ok()).as(r.diagnostic()).isTrue();
            assertThat(store).as("our credentials were stored by the user's helper").doesNotExist();
        }
    }

    @Test
    void clonesAndPushesOverSshWithAKeyAndLeavesNoKeyFile() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        Path key = GitSshServer.keyPair(tmp.resolve("keys"), "id", "");
        Set<Path> before = keyDirs();
        try (GitSshServer server = new GitSshServer(repo.remote().getParent(), Path.of(key + ".pub"), tmp.resolve("sshd"))) {
            GitCredentials creds = GitCredentials.from(Map.of(GitCredentials.SSH_KEY, Files.readString(key),
                    GitCredentials.KNOWN_HOSTS, server.knownHosts().toString())::get);
            Workspace ws = Workspace.cloneRepo(server.url(repo.remote().getFileName().toString()), tmp.resolve("ws"), null, creds);
            assertPushes(ws, repo.remote());
        }
        assertThat(keyDirs()).as("temporary key directories left behind").isEqualTo(before);
    }

    @Test
    void aKeyWithAPassphraseWorksThroughTheVariable() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        String passphrase = "phrase-" + System.nanoTime();
        Path key = GitSshServer.keyPair(tmp.resolve("keys"), "id", passphrase);
        try (GitSshServer server = new GitSshServer(repo.remote().getParent(), Path.of(key + ".pub"), tmp.resolve("sshd"))) {
            GitCredentials creds = GitCredentials.from(Map.of(GitCredentials.SSH_KEY, Files.readString(key), GitCredentials.SSH_PASSPHRASE, passphrase,
                    GitCredentials.KNOWN_HOSTS, server.knownHosts().toString())::get);
            assertPushes(Workspace.cloneRepo(server.url(repo.remote().getFileName().toString()), tmp.resolve("ws"), null, creds), repo.remote());
        }
    }

    @Test
    void aWrongKeyOrAnUnknownHostFailsNamingWhatToFix() throws Exception {
        ExampleRepo.Generated repo = ExampleRepo.calculator(tmp.resolve("repo"));
        Path key = GitSshServer.keyPair(tmp.resolve("keys"), "id", "");
        Path other = GitSshServer.keyPair(tmp.resolve("keys"), "other", "");
        try (GitSshServer server = new GitSshServer(repo.remote().getParent(), Path.of(key + ".pub"), tmp.resolve("sshd"))) {
            String url = server.url(repo.remote().getFileName().toString());
            GitCredentials wrong = GitCredentials.from(Map.of(GitCredentials.SSH_KEY, Files.readString(other),
                    GitCredentials.KNOWN_HOSTS, server.knownHosts().toString())::get);
            assertThatThrownBy(() -> Workspace.cloneRepo(url, tmp.resolve("a"), null, wrong))
                    .isInstanceOf(GitException.class).hasMessageContaining("rejected the SSH key").hasMessageContaining(GitCredentials.SSH_KEY);
            Path emptyKnownHosts = Files.writeString(tmp.resolve("empty_known_hosts"), "");
            GitCredentials unknownHost = GitCredentials.from(Map.of(GitCredentials.SSH_KEY, Files.readString(key),
                    GitCredentials.KNOWN_HOSTS, emptyKnownHosts.toString())::get);
            assertThatThrownBy(() -> Workspace.cloneRepo(url, tmp.resolve("b"), null, unknownHost))
                    .isInstanceOf(GitException.class).hasMessageContaining("not in known_hosts").hasMessageContaining(emptyKnownHosts.toString());
        }
    }

    @Test
    void inconsistentVariablesAreBadInputNamingTheVariable() {
        assertThatThrownBy(() -> GitCredentials.from(Map.of(GitCredentials.USERNAME, "alice")::get))
                .isInstanceOf(BadInputException.class).hasMessageContaining(GitCredentials.USERNAME).hasMessageContaining(GitCredentials.PASSWORD);
        assertThatThrownBy(() -> GitCredentials.from(Map.of(GitCredentials.SSH_KEY, "not a key")::get))
                .isInstanceOf(BadInputException.class).hasMessageContaining(GitCredentials.SSH_KEY);
        assertThatThrownBy(() -> GitCredentials.from(Map.of(GitCredentials.SSH_PASSPHRASE, "x")::get))
                .isInstanceOf(BadInputException.class).hasMessageContaining(GitCredentials.SSH_PASSPHRASE);
        assertThat(GitCredentials.from(Map.<String, String>of()::get).isEmpty()).isTrue();
    }

    @Test
    void theRunsMaskerHidesThePasswordAndEveryLineOfTheKey() throws Exception {
        Path key = GitSshServer.keyPair(tmp.resolve("keys"), "id", "");
        String text = Files.readString(key);
        Map<String, String> env = new HashMap<>(Map.of(GitCredentials.PASSWORD, password, GitCredentials.SSH_KEY, text));
        Secrets secrets = Secrets.load(List.of(), env::get);
        String line = text.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(secrets.masker().mask("p=" + password + " k=" + line)).isEqualTo("p=**** k=****");
        assertThat(secrets.masker().mask(text)).doesNotContain(line);
    }

    /** A branch with a commit, pushed through {@code ws}'s credentials, is on the remote. */
    static void assertPushes(Workspace ws, Path remote) throws IOException {
        assertThat(ws.remoteHasBranch("agent/x")).isFalse();
        ws.createBranch("agent/x");
        Files.writeString(ws.dir().resolve("change.txt"), "changed\n");
        String sha = ws.commitAll("a change", null, Map.of());
        ws.push("agent/x");
        assertThat(ws.remoteHead("agent/x")).isEqualTo(sha);
        assertThat(new Git(remote).must("reading the remote", "rev-parse", "refs/heads/agent/x")).isEqualTo(sha);
    }

    static Set<Path> keyDirs() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("agent-runtime-git-")).collect(Collectors.toSet());
        }
    }
}
