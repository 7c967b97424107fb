package dev.agentruntime.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruntime.common.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    final PolicyEngine defaults = new PolicyEngine(Policy.defaults());

    String decide(String kind, String subject) {
        return defaults.decide(new Action(kind, subject, null, 1)).decision();
    }

    @Test
    void defaultPolicyAsksForRiskyActionsAndAllowsOrdinaryWork() {
        assertThat(decide("write", "/workspace/.github/workflows/ci.yml")).isEqualTo("ask");
        assertThat(decide("write", "services/api/Dockerfile")).isEqualTo("ask");
        assertThat(decide("write", "web/package-lock.json")).isEqualTo("ask");
        assertThat(decide("package-install", "pip")).isEqualTo("ask");
        assertThat(decide("network", "pypi.acme.internal:443")).isEqualTo("ask");
        assertThat(decide("secret", "NPM_TOKEN")).isEqualTo("ask");
        assertThat(decide("write", "/workspace/src/calc.py")).isEqualTo("allow");
        assertThat(decide("shell", "python3 -m pytest -q")).isEqualTo("allow");
        assertThat(decide("push", "agent/fix")).isEqualTo("allow");
    }

    @Test
    void pathsAreNormalisedAsTheToolsResolveThemAndTopLevelFilesMatchDoubleStarRules() {
        for (String p : List.of("./.github/workflows/x.yml", "sub/../.github/workflows/x.yml", "/workspace/./.github/workflows/x.yml",
                "/workspace//.github/workflows/x.yml", "../workspace/.github/workflows/x.yml")) {
            var actions = Actions.ofToolCall("write_file", "write", dev.agentruntime.common.Json.object().put("path", p), 1);
            assertThat(defaults.decide(actions.get(0)).decision()).as(p).isEqualTo("ask");
        }
        assertThat(decide("write", "package-lock.json")).isEqualTo("ask");
        assertThat(decide("write", "main.tf")).isEqualTo("ask");
    }

    @Test
    void firstMatchWinsAndMatchersNarrowRules() {
        PolicyEngine e = new PolicyEngine(Policy.parse("""
                rules:
                  - {action: shell, pattern: "rm -rf /*", decision: deny, reason: destructive}
                  - {action: shell, pattern: "npm publish*", decision: deny}
                  - {action: network, host: "*.npm.acme.internal", decision: allow}
                  - {action: network, decision: deny}
                  - {action: secret, name: DEPLOY_KEY, decision: ask}
                """, "p"));
        assertThat(e.decide(new Action("shell", "rm -rf /etc", null, 1))).extracting(PolicyEngine.Decision::decision, PolicyEngine.Decision::rule,
                PolicyEngine.Decision::reason).containsExactly("deny", 0, "destructive");
        assertThat(e.decide(new Action("shell", "npm publish --access public", null, 1)).decision()).isEqualTo("deny");
        assertThat(e.decide(new Action("shell", "npm test", null, 1)).rule()).isEqualTo(-1);
        assertThat(e.decide(new Action("network", "registry.npm.acme.internal:443", null, 1)).decision()).isEqualTo("allow");
        assertThat(e.decide(new Action("network", "evil.example:443", null, 1)).decision()).isEqualTo("deny");
        assertThat(e.decide(new Action("secret", "DEPLOY_KEY", null, null)).decision()).isEqualTo("ask");
        assertThat(e.decide(new Action("secret", "OTHER", null, null)).decision()).isEqualTo("allow");
    }

    @Test
    void badPoliciesNameTheField() {
        assertThatThrownBy(() -> Policy.parse("rules: [{action: exec, decision: maybe}]", "p.yaml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("rules[0].action: \"exec\" is not valid")
                .hasMessageContaining("rules[0].decision: \"maybe\" is not valid; allowed: allow, deny, ask");
        assertThatThrownBy(() -> Policy.parse("rules: [{action: network, path: x, decision: deny}]", "p.yaml"))
                .hasMessageContaining("rules[0].path: only for actions write and read");
        assertThatThrownBy(() -> Policy.parse("rulez: []", "p.yaml")).hasMessageContaining("unknown field \"rulez\"");
    }
}
