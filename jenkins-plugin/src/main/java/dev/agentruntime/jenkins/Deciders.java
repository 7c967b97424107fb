package dev.agentruntime.jenkins;

import hudson.model.Item;
import hudson.model.Job;
import hudson.security.SecurityRealm;
import java.util.Arrays;
import jenkins.model.Jenkins;
import jenkins.model.IdStrategy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who may decide an approval on the build page: the rule the {@code input} step uses (its {@code canSettle}), so that
 * people meet one rule in Jenkins. With no {@code submitter}: anyone who may build the job. With one: Jenkins
 * administrators, and users whose id — or one of whose groups — is in the comma-separated list, compared with the
 * security realm's own id strategies (case-insensitive by default, case-sensitive where the realm says so). Denying is
 * also open to those who may cancel the job's builds, as aborting an input is. With security off, anyone.
 */
final class Deciders {
    private Deciders() {}

    static boolean mayDecide(Job<?, ?> job, String submitter, boolean allow) {
        if (!allow && job.hasPermission(Item.CANCEL)) return true;
        if (submitter == null || submitter.isBlank()) return job.hasPermission(Item.BUILD);
        Jenkins jenkins = Jenkins.get();
        if (!jenkins.isUseSecurity() || jenkins.hasPermission(Jenkins.ADMINISTER)) return true;
        return named(Jenkins.getAuthentication2(), submitter, jenkins.getSecurityRealm());
    }

    /** Whether the list names the user or one of the user's groups, by the realm's id strategies. */
    static boolean named(Authentication who, String submitter, SecurityRealm realm) {
        IdStrategy users = realm.getUserIdStrategy();
        IdStrategy groups = realm.getGroupIdStrategy();
        return Arrays.stream(submitter.split(",")).map(String::strip).filter(s -> !s.isEmpty()).anyMatch(name ->
                users.equals(name, who.getName())
                        || who.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(g -> groups.equals(name, g)));
    }

    /** For messages: who may decide. */
    static String describe(String submitter) {
        return submitter == null || submitter.isBlank() ? "anyone who may build this job" : submitter + " (and administrators)";
    }
}
