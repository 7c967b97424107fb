package dev.agentruntime.run;

import dev.agentruntime.agent.AgentResult;
import dev.agentruntime.events.Event;
import dev.agentruntime.events.EventReader;
import dev.agentruntime.rundir.RunDirectory;
import java.util.List;

/**
 * Where a run whose runtime died stands, read from its event log.
 *
 * @param baseCommit    the commit the clone started from (the last {@code repo.cloned}), null before the clone
 * @param continuedFrom the handed-off run's commit this run continues, or null
 * @param agentEnded    how the agent phase ended when it had ended (the last {@code agent.finished}), else null
 * @param agentEndedSeq that event's seq: a checkpoint with a later {@code eventsSeq} holds the agent's final state
 * @param agentTurns    turns the agent had used when it ended
 */
record ResumePoint(String baseCommit, String continuedFrom, AgentResult agentEnded, long agentEndedSeq, int agentTurns) {

    static ResumePoint read(RunDirectory dir) {
        List<Event> events = EventReader.readAll(dir.events());
        String base = null, continued = null;
        Event ended = null;
        for (Event e : events) {
            switch (e.type()) {
                case "repo.cloned" -> base = e.text("commit");
                case "branch.continued" -> continued = e.text("commit");
                case "agent.finished" -> ended = e;
                default -> { }
            }
        }
        if (ended == null) return new ResumePoint(base, continued, null, 0, 0);
        AgentResult result = new AgentResult(AgentResult.Outcome.valueOf(ended.text("outcome")), ended.text("summary"), ended.text("reason"));
        return new ResumePoint(base, continued, result, ended.seq(), ended.data().path("turns").asInt());
    }
}
