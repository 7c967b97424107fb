package dev.agentruntime.report;

import dev.agentruntime.common.Masker;
import dev.agentruntime.common.Text;
import dev.agentruntime.events.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run on one time axis, drawn as inline SVG without script or style attributes (Jenkins serves artifacts with
 * {@code style-src 'self'}, which blocks both): one lane each for the run's phases (provisioning, running, waiting
 * for approval, verifying, recovering), each turn's model time, tool calls, approvals waited and policy denials,
 * checkpoints and verify commands; a tick per turn. Colours are SVG presentation attributes; every shape has a
 * {@code <title>} (the browser's tooltip) with its masked, escaped details.
 */
final class Timeline {
    enum Lane {
        RUN("Run"), MODEL("Model"), TOOLS("Tools"), APPROVALS("Approvals"), CHECKPOINTS("Checkpoints"), VERIFY("Verify");

        final String label;

        Lane(String label) {
            this.label = label;
        }
    }

    /** One span of time, in milliseconds from the first event; a mark when {@code from == to}. */
    record Bar(Lane lane, long from, long to, String fill, String title) {}

    static final String PROVISIONING = "#9db4c8", RUNNING = "#c9d6ea", WAITING = "#e0a030", VERIFYING = "#2a7d2a",
            RECOVERING = "#d08040", MODEL = "#5b8def", TOOL = "#40a070", ERROR = "#d04545", CHECKPOINT = "#7a5bc2";
    private static final int WIDTH = 1000, LABELS = 90, LANE = 22, GAP = 6, TOP = 18, AXIS = 22, LABEL_GAP = 24;

    final List<Bar> bars = new ArrayList<>();
    final List<long[]> turns = new ArrayList<>(); // {turn, at}
    final long length;

    private Timeline(List<Event> events) {
        Instant t0 = events.isEmpty() ? Instant.EPOCH : events.get(0).ts();
        long end = events.isEmpty() ? 0 : ms(t0, events.get(events.size() - 1).ts());
        this.length = Math.max(end, 1);
        Map<String, Event> open = new LinkedHashMap<>();
        Event phase = null;
        for (Event e : events) {
            long at = ms(t0, e.ts());
            String turn = e.turn() == null ? "" : "turn " + e.turn() + ": ";
            switch (e.type()) {
                case "state.changed" -> {
                    if (phase != null) phaseBar(phase, ms(t0, phase.ts()), at);
                    phase = e;
                }
                case "turn.started" -> turns.add(new long[] {e.turn() == null ? 0 : e.turn(), at});
                case "model.response", "model.request" -> {
                    long millis = e.data().path("millis").asLong();
                    var u = e.data().path("usage");
                    bars.add(new Bar(Lane.MODEL, Math.max(0, at - millis), at, MODEL, turn + "model " + seconds(millis)
                            + " (" + u.path("input").asLong() + " tokens in, " + u.path("output").asLong() + " out)"));
                }
                case "tool.call", "approval.requested", "verify.command.started" -> open.put(key(e), e);
                case "tool.result" -> close(open.remove(key(e)), t0, at, Lane.TOOLS, "ok".equals(e.text("status")) ? TOOL : ERROR,
                        turn + e.text("name") + " → " + e.text("status") + (e.data().has("exitCode") ? " (exit " + e.data().path("exitCode").asInt() + ")" : ""));
                case "approval.decided" -> close(open.remove(key(e)), t0, at, Lane.APPROVALS, "allow".equals(e.text("decision")) ? WAITING : ERROR,
                        turn + e.text("id") + " " + e.text("action") + " " + e.text("subject") + ": " + e.text("decision") + " by " + e.actor());
                case "policy.denied" -> bars.add(new Bar(Lane.APPROVALS, at, at, ERROR,
                        turn + "denied by policy: " + e.text("action") + " " + e.text("subject")));
                case "checkpoint.created" -> {
                    long millis = e.data().path("millis").asLong();
                    bars.add(new Bar(Lane.CHECKPOINTS, Math.max(0, at - millis), at, CHECKPOINT,
                            "checkpoint #" + e.data().path("seq").asInt() + " before turn " + e.data().path("beforeTurn").asInt() + ", " + millis + " ms"));
                }
                case "verify.command.finished" -> close(open.remove(key(e)), t0, at, Lane.VERIFY, e.data().path("exitCode").asInt() == 0 ? VERIFYING : ERROR,
                            e.text("command") + " → " + (e.data().path("timedOut").asBoolean() ? "timed out" : "exit " + e.data().path("exitCode").asInt()));
                default -> { }
            }
        }
        if (phase != null) phaseBar(phase, ms(t0, phase.ts()), end);
        // Whatever is still open (a decision or result never came) runs to the end of the log.
        for (Event e : open.values()) {
            Lane lane = switch (e.type()) {
                case "tool.call" -> Lane.TOOLS;
                case "approval.requested" -> Lane.APPROVALS;
                default -> Lane.VERIFY;
            };
            bars.add(new Bar(lane, ms(t0, e.ts()), end, lane == Lane.TOOLS ? TOOL : WAITING, describeOpen(e)));
        }
    }

    static Timeline of(List<Event> events) {
        return new Timeline(events);
    }

    /** Tool calls pair by callId, approvals by id, verify commands by command. */
    private static String key(Event e) {
        return switch (e.type()) {
            case "tool.call", "tool.result" -> "tool " + e.text("callId");
            case "approval.requested", "approval.decided" -> "approval " + e.text("id");
            default -> "verify " + e.text("command");
        };
    }

    private void close(Event opened, Instant t0, long at, Lane lane, String fill, String title) {
        long from = opened == null ? at : ms(t0, opened.ts());
        bars.add(new Bar(lane, from, at, fill, title + (opened == null ? "" : ", " + seconds(at - from))));
    }

    private static String describeOpen(Event e) {
        return switch (e.type()) {
            case "tool.call" -> e.text("name") + ": no result";
            case "approval.requested" -> e.text("id") + " " + e.text("action") + " " + e.text("subject") + ": undecided";
            default -> e.text("command") + ": not finished";
        };
    }

    private void phaseBar(Event change, long from, long to) {
        String status = change.text("to");
        String fill = switch (status == null ? "" : status) {
            case "PROVISIONING" -> PROVISIONING;
            case "RUNNING" -> RUNNING;
            case "AWAITING_APPROVAL" -> WAITING;
            case "VERIFYING" -> VERIFYING;
            case "RECOVERING" -> RECOVERING;
            default -> null; // CREATED and the final status take no time
        };
        if (fill != null) bars.add(new Bar(Lane.RUN, from, to, fill, status.toLowerCase(Locale.ROOT).replace('_', ' ') + " " + seconds(to - from)));
    }

    /** The SVG element; {@code masker} masks every title before it is escaped. */
    String svg(Masker masker) {
        int plot = WIDTH - LABELS - 10;
        int height = TOP + Lane.values().length * (LANE + GAP) + AXIS;
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Timeline of the run\">");
        for (Lane lane : Lane.values()) {
            int y = laneY(lane);
            s.append("<rect x=\"").append(LABELS).append("\" y=\"").append(y).append("\" width=\"").append(plot).append("\" height=\"").append(LANE)
                    .append("\" fill=\"#f4f5f7\"/><text x=\"4\" y=\"").append(y + 15).append("\" fill=\"#333\">").append(lane.label).append("</text>");
        }
        int bottom = TOP + Lane.values().length * (LANE + GAP);
        double labelled = -100; // turn labels closer than LABEL_GAP to the last one are left out (the tick stays)
        for (long[] t : turns) {
            double x = x(t[1], plot);
            s.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 4).append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(bottom)
                    .append("\" stroke=\"#bbb\" stroke-dasharray=\"2 2\"><title>turn ").append(t[0]).append("</title></line>");
            if (x - labelled >= LABEL_GAP) {
                s.append("<text x=\"").append(fmt(x + 2)).append("\" y=\"").append(TOP - 6).append("\" fill=\"#666\">T").append(t[0]).append("</text>");
                labelled = x;
            }
        }
        for (Bar b : bars) {
            int y = laneY(b.lane());
            double x = x(b.from(), plot);
            double w = Math.max(2, x(b.to(), plot) - x);
            String title = "<title>" + HtmlReport.esc(Text.abbreviate(masker.mask(b.title()), 300)) + "</title>";
            if (b.from() == b.to() && b.lane() == Lane.APPROVALS) {
                s.append("<path d=\"M").append(fmt(x)).append(' ').append(y + 2).append("l5 9l-5 9l-5 -9z\" fill=\"").append(b.fill()).append("\">")
                        .append(title).append("</path>");
            } else {
                s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w)).append("\" height=\"")
                        .append(LANE - 6).append("\" fill=\"").append(b.fill()).append("\">").append(title).append("</rect>");
            }
        }
        long step = step(length);
        for (long t = 0; t <= length; t += step) {
            double x = x(t, plot);
            s.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(bottom).append("\" x2=\"").append(fmt(x)).append("\" y2=\"").append(bottom + 4)
                    .append("\" stroke=\"#888\"/><text x=\"").append(fmt(x)).append("\" y=\"").append(bottom + 16).append("\" fill=\"#555\" text-anchor=\"middle\">")
                    .append(axisLabel(t)).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    private static int laneY(Lane lane) {
        return TOP + lane.ordinal() * (LANE + GAP);
    }

    private double x(long t, int plot) {
        return LABELS + plot * (double) t / length;
    }

    /** Axis ticks: the smallest of 1 s … 1 h that gives at most 10. */
    static long step(long lengthMs) {
        for (long s : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600}) {
            if (lengthMs / (s * 1000) <= 10) return s * 1000;
        }
        return 7200_000;
    }

    private static String axisLabel(long t) {
        long s = t / 1000;
        return s < 60 ? s + " s" : s % 60 == 0 ? s / 60 + " min" : s / 60 + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static long ms(Instant t0, Instant t) {
        return Math.max(0, t.toEpochMilli() - t0.toEpochMilli());
    }
}
