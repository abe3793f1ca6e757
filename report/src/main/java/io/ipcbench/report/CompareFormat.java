package io.ipcbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.report.Compare.Line;
import io.ipcbench.report.Compare.Outcome;
import io.ipcbench.report.Compare.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A comparison as a text table, as Markdown for a pull-request comment, or as JSON. */
public final class CompareFormat {
    private CompareFormat() {
    }

    public static String summary(Outcome o) {
        return String.format(Locale.ROOT, "%d compared: %d regression%s, %d improvement%s, %d unstable, %d untested, %d unchanged%s",
                o.lines().size() - o.count(Verdict.ONLY_BASELINE) - o.count(Verdict.ONLY_CURRENT),
                o.count(Verdict.REGRESSION), o.count(Verdict.REGRESSION) == 1 ? "" : "s",
                o.count(Verdict.IMPROVEMENT), o.count(Verdict.IMPROVEMENT) == 1 ? "" : "s",
                o.count(Verdict.UNSTABLE), o.count(Verdict.UNTESTED), o.count(Verdict.UNCHANGED),
                o.count(Verdict.ONLY_BASELINE) + o.count(Verdict.ONLY_CURRENT) == 0 ? ""
                        : String.format(Locale.ROOT, "; %d only in the baseline, %d only in the current results",
                        o.count(Verdict.ONLY_BASELINE), o.count(Verdict.ONLY_CURRENT)));
    }

    private static String settings(Outcome o) {
        Compare.Settings s = o.settings();
        List<String> t = new ArrayList<>();
        s.thresholds().forEach((m, v) -> t.add(m.label + " " + Compare.pct(v)));
        return "thresholds: " + String.join(", ", t) + "; one-sided Mann-Whitney U, alpha " + s.alpha()
                + "; unstable above " + Compare.pct(s.maxSpread()) + " spread";
    }

    private static String[] cells(Line l) {
        return new String[] {l.transport(), l.waitStrategy(), l.mode(), Charts.sizeLabel(l.payloadBytes()), l.metric().label,
                value(l.baseline(), l), value(l.current(), l),
                l.change() == null ? "" : String.format(Locale.ROOT, "%+.1f%%", l.change() * 100),
                l.pValue() == null ? "" : String.format(Locale.ROOT, "%.3f", l.pValue()),
                l.baselineReps() + "/" + l.currentReps(),
                spreads(l), l.verdict().label};
    }

    private static final String[] HEAD = {"transport", "wait", "mode", "size", "metric", "baseline", "current", "change", "p",
            "reps", "spread", "verdict"};

    private static String spreads(Line l) {
        if (l.baselineSpread() == null && l.currentSpread() == null) {
            return "";
        }
        return (l.baselineSpread() == null ? "-" : Compare.pct(l.baselineSpread())) + "/"
                + (l.currentSpread() == null ? "-" : Compare.pct(l.currentSpread()));
    }

    private static String value(Double v, Line l) {
        if (v == null) {
            return "";
        }
        if (l.metric() == Compare.Metric.MSGS) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (l.metric().work) {
            return Summary.fmt(v);
        }
        return Summary.fmt(v / 1e3) + " us";
    }

    public static String text(Outcome o) {
        StringBuilder b = new StringBuilder();
        for (String w : o.warnings()) {
            b.append("!!! ").append(w).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEAD);
        for (Line l : o.lines()) {
            rows.add(cells(l));
        }
        int[] width = new int[HEAD.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean left = i < 5 || i == r.length - 1;
                String cell = left ? pad(r[i], width[i], false) : pad(r[i], width[i], true);
                line.append(cell).append(i < r.length - 1 ? "  " : "");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append(summary(o)).append('\n').append(settings(o)).append('\n');
        for (Line l : o.lines()) {
            if (l.verdict() == Verdict.REGRESSION) {
                b.append("REGRESSION: ").append(l.key()).append(' ').append(l.metric().label).append(' ')
                        .append(String.format(Locale.ROOT, "%+.1f%%", l.change() * 100)).append(" (").append(l.why()).append(")\n");
            }
        }
        return b.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    public static String markdown(Outcome o) {
        StringBuilder b = new StringBuilder("### ipcbench compare\n\n");
        for (String w : o.warnings()) {
            b.append("> [!WARNING]\n> ").append(w).append("\n\n");
        }
        boolean regression = o.regression();
        b.append(regression ? "**Regression.** " : "No regression. ").append(summary(o)).append(".\n\n");
        List<Line> shown = o.lines().stream().filter(l -> l.verdict() != Verdict.UNCHANGED).toList();
        if (shown.isEmpty()) {
            b.append("Every metric is unchanged.\n\n");
        } else {
            b.append('|').append(String.join("|", HEAD)).append("|\n|");
            for (int i = 0; i < HEAD.length; i++) {
                b.append(i < 5 ? "---|" : "--:|");
            }
            b.append('\n');
            for (Line l : shown) {
                String[] c = cells(l);
                if (l.verdict() == Verdict.REGRESSION) {
                    c[c.length - 1] = ":x: **regression**";
                } else if (l.verdict() == Verdict.IMPROVEMENT) {
                    c[c.length - 1] = ":white_check_mark: improvement";
                }
                b.append('|').append(String.join("|", c)).append("|\n");
            }
            b.append('\n');
        }
        b.append("<sub>").append(settings(o)).append(". Unchanged metrics are not listed.</sub>\n");
        return b.toString();
    }

    public static String json(Outcome o) throws JsonProcessingException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("regression", o.regression());
        doc.put("summary", summary(o));
        doc.put("warnings", o.warnings());
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Double> t = new LinkedHashMap<>();
        o.settings().thresholds().forEach((m, v) -> t.put(m.label, v));
        s.put("thresholds", t);
        s.put("alpha", o.settings().alpha());
        s.put("maxSpread", o.settings().maxSpread());
        s.put("test", "one-sided Mann-Whitney U on repetitions/iterations");
        doc.put("settings", s);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Line l : o.lines()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transport", l.transport());
            m.put("wait", l.waitStrategy());
            m.put("mode", l.mode());
            m.put("payloadBytes", l.payloadBytes());
            m.put("metric", l.metric().label);
            m.put("unit", l.metric() == Compare.Metric.MSGS ? "msgs/s" : l.metric().work ? "per op" : "ns");
            m.put("lowerIsBetter", l.metric().lowerIsBetter);
            m.put("baseline", l.baseline());
            m.put("current", l.current());
            m.put("change", l.change());
            m.put("pValue", l.pValue());
            m.put("baselineRepetitions", l.baselineReps());
            m.put("currentRepetitions", l.currentReps());
            m.put("baselineSpread", l.baselineSpread());
            m.put("currentSpread", l.currentSpread());
            m.put("verdict", l.verdict().label);
            m.put("why", l.why());
            lines.add(m);
        }
        doc.put("results", lines);
        return ResultsFile.json().writeValueAsString(doc) + "\n";
    }
}
