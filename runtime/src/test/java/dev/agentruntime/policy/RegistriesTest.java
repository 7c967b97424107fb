package dev.agentruntime.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.common.BadInputException;
import dev.agentruntime.common.Json;
import dev.agentruntime.events.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which egress hosts are package registries is the policy's data (`registries:`), not a list in the code. */
class RegistriesTest {
    private static Event egress(String host) {
        return new Event(1, 1, Instant.EPOCH, "r", 3, "egress.request", "egress", null,
                Json.object().put("host", host).put("port", 443).put("phase", "agent").put("allowed", true), null);
    }

    @Test
    void aConnectionToAListedRegistryIsAlsoAPackageInstall() {
        Policy p = Policy.parse("""
                registries: [nexus.acme.internal, "*.pypi.acme.internal"]
                rules:
                  - {action: package-install, decision: ask, reason: "package install"}
                """, "p");
        List<Action> nexus = Actions.from(List.of(egress("nexus.acme.internal")), p.registries());
        assertThat(nexus).extracting(Action::kind).containsExactly("network", "package-install");
        assertThat(nexus.get(1).subject()).isEqualTo("nexus.acme.internal");
        assertThat(Actions.from(List.of(egress("files.pypi.acme.internal")), p.registries())).extracting(Action::kind)
                .containsExactly("network", "package-install");
        assertThat(Actions.from(List.of(egress("api.acme.internal")), p.registries())).extracting(Action::kind).containsExactly("network");
        assertThat(new PolicyEngine(p).decide(nexus.get(1)).decision()).isEqualTo("ask");
    }

    @Test
    void noRegistriesUnlessAPolicySaysSo() {
        assertThat(Policy.defaults().registries()).isEmpty();
        assertThat(Actions.from(List.of(egress("nexus.acme.internal")), Policy.defaults().registries())).extracting(Action::kind)
                .containsExactly("network");
    }

    @Test
    void aBadRegistryEntryIsNamed() {
        assertThatThrownBy(() -> Policy.parse("registries: [\"https://nexus.acme.internal/\"]\nrules: [{action: push, decision: allow}]", "p.yaml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("registries[0]").hasMessageContaining("nexus.acme.internal");
    }
}
