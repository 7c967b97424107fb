package dev.agentruntime.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import dev.agentruntime.git.GitCredentials;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * credentialsId → the runtime's environment: the variables are the runtime's own contract (GitCredentials), the
 * values travel in the launched process's environment only (never its command line or what is logged), and the log
 * masker hides the password, the passphrase and every line of the key. Unsupported or empty credentials fail naming
 * the parameter.
 */
class GitCredentialsEnvTest {
    static final String KEY = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS
            1zaGEyLW5pc3RwMjU2AAAACG5pc3RwMjU2AAAAQQTestKeyLineForMaskingOnly0000
            -----END OPENSSH PRIVATE KEY-----
            """;

    @Test
    void theVariablesAreTheRuntimesContract() {
        assertThat(List.of(GitCredentialsEnv.USERNAME, GitCredentialsEnv.PASSWORD, GitCredentialsEnv.SSH_KEY, GitCredentialsEnv.SSH_PASSPHRASE))
                .containsExactly(GitCredentials.USERNAME, GitCredentials.PASSWORD, GitCredentials.SSH_KEY, GitCredentials.SSH_PASSPHRASE);
    }

    @Test
    void aUsernamePasswordCredentialIsUsernameAndPassword() {
        assertThat(GitCredentialsEnv.forPassword("agentTask", "credentialsId", "app", "x-access-token", "ghs_token123456"))
                .containsExactly(Map.entry(GitCredentials.USERNAME, "x-access-token"), Map.entry(GitCredentials.PASSWORD, "ghs_token123456"));
        assertThatThrownBy(() -> GitCredentialsEnv.forPassword("agentTask", "credentialsId", "app", "u", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentialsId 'app'");
    }

    @Test
    void anSshCredentialIsItsFirstKeyAndPassphrase() {
        assertThat(GitCredentialsEnv.forKey("agentTask", "credentialsId", "deploy", List.of(KEY), "open sesame"))
                .containsExactly(Map.entry(GitCredentials.SSH_KEY, KEY), Map.entry(GitCredentials.SSH_PASSPHRASE, "open sesame"));
        assertThat(GitCredentialsEnv.forKey("agentTask", "credentialsId", "deploy", List.of(KEY), null)).containsOnlyKeys(GitCredentials.SSH_KEY);
        assertThatThrownBy(() -> GitCredentialsEnv.forKey("agentPublishPR", "gitCredentialsId", "deploy", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agentPublishPR: gitCredentialsId 'deploy' holds no private key");
    }

    @Test
    void anotherTypeFailsNamingTheParameterAndWhatWorks() {
        StandardCredentials text = new StandardCredentials() {
            @Override public String getId() { return "gh-token"; }
            @Override public String getDescription() { return "a secret text"; }
        };
        assertThatThrownBy(() -> GitCredentialsEnv.of("agentTask", "credentialsId", text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agentTask: credentialsId 'gh-token'").hasMessageContaining("SSH Username with private key")
                .hasMessageContaining("Username with password");
    }

    @Test
    void theSecretsTravelInTheEnvironmentOnlyAndAreMaskedInTheLog() {
        Map<String, String> git = new LinkedHashMap<>(GitCredentialsEnv.forKey("agentTask", "credentialsId", "deploy", List.of(KEY), "open sesame"));
        git.putAll(GitCredentialsEnv.forPassword("agentTask", "credentialsId", "app", "bot", "ghs_token123456"));
        LaunchCommand c = new LaunchCommand(List.of("java", "-jar", "/opt/ar.jar"), "/ws@tmp/task.json", "20261127-232220-464-2b17ec", "/runs",
                "/runs/launch.log", "agent-task-1", git);
        assertThat(c.env()).containsAllEntriesOf(git);
        String keyLine = KEY.lines().skip(1).findFirst().orElseThrow();
        for (String secret : List.of("ghs_token123456", "open sesame", keyLine)) {
            assertThat(String.join(" ", c.argv())).doesNotContain(secret);
            assertThat(c.toString()).doesNotContain(secret);
        }
        LogMasker masker = new LogMasker(GitCredentialsEnv.secrets(git));
        assertThat(masker.mask("token ghs_token123456, phrase open sesame, line " + keyLine))
                .isEqualTo("token ****, phrase ****, line ****");
        assertThat(masker.mask(KEY)).doesNotContain(keyLine.substring(0, 20));
    }
}
