package dev.agentruntime.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventLog;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.task.EgressSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allowlist decisions, with a fake resolver: no name is looked up and nothing is contacted. */
class EgressDecisionTest {
    @TempDir
    Path tmp;

    static final Map<String, String> DNS = Map.of("api.corp.example", "203.0.113.10", "db.corp.example", "10.0.0.5",
            "meta.corp.example", "169.254.169.254", "mirror.corp.example", "10.1.1.1");

    EgressProxy proxy(EventLog log, List<String> allow) {
        EgressProxy.Resolver fake = host -> {
            String ip = DNS.get(host);
            if (ip == null) throw new UnknownHostException(host);
            return new InetAddress[] {InetAddress.getByName(ip)}; // a literal: no lookup
        };
        return new EgressProxy(tmp.resolve("e.sock"), new EgressSpec(allow, List.of(), List.of(), List.of()), log, () -> "agent", fake);
    }

    @Test
    void wildcardsNeverReachInternalAddressesButExactNamesMay() {
        try (EventLog log = EventLog.open(tmp.resolve("events.jsonl"), "r");
             EgressProxy p = proxy(log, List.of("*.corp.example", "mirror.corp.example"))) {
            assertThat(p.decide("CONNECT", "api.corp.example", 443)).isTrue();
            assertThat(p.decide("CONNECT", "db.corp.example", 5432)).isFalse();
            assertThat(p.decide("GET", "meta.corp.example", 80)).isFalse();
            assertThat(p.decide("CONNECT", "mirror.corp.example", 443)).isTrue();
            assertThat(p.decide("CONNECT", "other.example", 443)).isFalse();
            List<Event> events = EventReader.readAll(tmp.resolve("events.jsonl"));
            assertThat(events.get(1).text("reason")).contains("internal address 10.0.0.5").contains("wildcard");
            assertThat(events.get(2).text("reason")).contains("169.254.169.254");
            assertThat(events.get(4).text("reason")).contains("not on the egress allowlist");
        }
    }

    @Test
    void internalRanges() throws Exception {
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::1", "fe80::1", "0.0.0.0")) {
            assertThat(EgressProxy.internal(InetAddress.getByName(ip))).as(ip).isTrue();
        }
        for (String ip : List.of("203.0.113.10", "8.8.8.8", "2001:db8::1")) {
            assertThat(EgressProxy.internal(InetAddress.getByName(ip))).as(ip).isFalse();
        }
    }
}
