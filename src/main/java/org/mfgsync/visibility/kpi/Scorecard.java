package org.mfgsync.visibility.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One supplier's scorecard for a period, as {@code GET /api/v1/suppliers/{id}/scorecard} answers it. A figure that
 * cannot be computed from what mfgsync holds is null, and {@link #unavailable} says why (ASN accuracy until shipments
 * exist, SCAR closure until SCAR updates are received) — never a made-up number.
 *
 * @param commits     commit lines received in the period (from the supplier commit workflow's assessment)
 * @param quality     inspections and NCRs of the supplier's lots whose flows began in the period, SCARs opened in it
 * @param asnAccuracy shipped vs ordered per ASN: null until shipments are received
 * @param unavailable figure → why it is null
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Scorecard(String supplier, Instant from, Instant to, Commits commits, Quality quality, Double asnAccuracy,
        Map<String, String> unavailable) {

    static final String ASN_UNAVAILABLE = "not available until shipments exist";
    static final String SCAR_CLOSURE_UNAVAILABLE = "not available until SCAR updates are received: mfgsync opens SCARs "
            + "but does not yet consume the QMS's CorrectiveActionUpdated events, so it cannot tell an open SCAR from a "
            + "closed one";

    /**
     * @param commits        commits (distinct commit events) received in the period
     * @param lines          commit lines received
     * @param datedLines     lines with a committed date and the PO line's need date
     * @param onTimeLines    dated lines committed on or before the need date
     * @param onTimeRate     onTimeLines / datedLines
     * @param poLines        distinct PO lines committed in the period
     * @param changes        lines that change an earlier commit of the same PO line
     * @param changesPerLine changes / poLines
     * @param highRisk       commits the risk policy classified HIGH
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Commits(long commits, long lines, long datedLines, long onTimeLines, Double onTimeRate, long poLines,
            long changes, Double changesPerLine, long highRisk) {
    }

    /**
     * @param inspections      incoming inspections of the supplier's lots
     * @param rejected         of those, rejected
     * @param rejectRate       rejected / inspections
     * @param nonconformances  NCRs raised against the supplier
     * @param scarsOpened      SCARs opened in the QMS for the supplier in the period
     * @param scarsClosed      null: see unavailable
     * @param openScarAgeDays  null: see unavailable
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Quality(long inspections, long rejected, Double rejectRate, long nonconformances, long scarsOpened,
            Long scarsClosed, Long openScarAgeDays) {
    }

    /** One commit line as kept (supplier_commit_line); {@code changesEarlier}: an earlier commit of the PO line exists. */
    public record CommitLine(String commitKey, String purchaseOrder, String poLine, LocalDate committedDate,
            LocalDate needDate, String riskLevel, boolean changesEarlier) {
    }

    /** What the state database holds for the supplier and period. */
    public record Facts(List<CommitLine> lines, long inspections, long rejectedInspections, long nonconformances,
            long scarsOpened) {
    }

    public static Scorecard of(String supplier, KpiPeriod period, Facts facts) {
        Set<String> commits = new HashSet<>();
        Set<String> high = new HashSet<>();
        Set<String> poLines = new HashSet<>();
        long dated = 0, onTime = 0, changes = 0;
        for (CommitLine line : facts.lines()) {
            commits.add(line.commitKey());
            if ("HIGH".equals(line.riskLevel())) {
                high.add(line.commitKey());
            }
            poLines.add(line.purchaseOrder() + "/" + line.poLine());
            if (line.committedDate() != null && line.needDate() != null) {
                dated++;
                if (!line.committedDate().isAfter(line.needDate())) {
                    onTime++;
                }
            }
            if (line.changesEarlier()) {
                changes++;
            }
        }
        Map<String, String> unavailable = new LinkedHashMap<>();
        Commits commitFigures = new Commits(commits.size(), facts.lines().size(), dated, onTime, Percentiles.rate(onTime, dated),
                poLines.size(), changes, Percentiles.rate(changes, poLines.size()), high.size());
        if (commitFigures.onTimeRate() == null) {
            unavailable.put("commits.onTimeRate", facts.lines().isEmpty() ? "no commit was received in the period"
                    : "no commit line in the period has both a committed date and a need date");
        }
        if (commitFigures.changesPerLine() == null) {
            unavailable.put("commits.changesPerLine", "no commit was received in the period");
        }
        Quality quality = new Quality(facts.inspections(), facts.rejectedInspections(),
                Percentiles.rate(facts.rejectedInspections(), facts.inspections()), facts.nonconformances(),
                facts.scarsOpened(), null, null);
        if (quality.rejectRate() == null) {
            unavailable.put("quality.rejectRate", "no inspection of the supplier's lots in the period");
        }
        unavailable.put("quality.scarsClosed", SCAR_CLOSURE_UNAVAILABLE);
        unavailable.put("quality.openScarAgeDays", SCAR_CLOSURE_UNAVAILABLE);
        unavailable.put("asnAccuracy", ASN_UNAVAILABLE);
        return new Scorecard(supplier, period.from(), period.to(), commitFigures, quality, null, unavailable);
    }
}
