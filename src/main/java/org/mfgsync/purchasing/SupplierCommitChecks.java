package org.mfgsync.purchasing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.SupplierCommitChanged;
import org.mfgsync.canonical.SupplierCommitChanged.ConfirmationType;
import org.mfgsync.purchasing.RiskClassification.Level;

/**
 * The supplier commit workflow's business rules, free of Camel and the database: a commit is validated against the PO
 * book, classified by the risk policy, and checked for inspections it moves.
 */
public final class SupplierCommitChecks {

    /** Plausibility limits (operations policy, {@code mfgsync.workflows.supplier-commits.*}). */
    public record Limits(BigDecimal maxQuantityFactor, int dateHorizonDays) {
    }

    /** A line of a commit next to the PO line it commits to. */
    public record CommittedLine(String poLine, ConfirmationType confirmationType, BookedOrder.Line ordered,
            BigDecimal committedQuantity, String unitOfMeasure, LocalDate committedDate, LocalDate previousDate) {
    }

    /** An incoming inspection the QMS must move: the line's delivery date changed and its item is inspected on receipt. */
    public record InspectionReschedule(String poLine, String item, BigDecimal quantity, String unitOfMeasure,
            LocalDate previousDate, LocalDate newDate) {
    }

    private SupplierCommitChecks() {
    }

    /**
     * The commit's lines against the booked PO; throws {@link BusinessRuleException} naming the first rule it breaks:
     * unknown-purchase-order, supplier-mismatch, unknown-po-line, implausible-quantity, implausible-date.
     */
    public static List<CommittedLine> validate(EventEnvelope<SupplierCommitChanged> event, BookedOrder order, Limits limits) {
        SupplierCommitChanged commit = event.payload();
        if (order == null) {
            throw new BusinessRuleException("unknown-purchase-order", "purchase order " + commit.purchaseOrder()
                    + " is not in the PO book: no ERP has sent it, so supplier " + commit.supplier() + " cannot commit to it");
        }
        if (!order.supplier().equals(commit.supplier())) {
            throw new BusinessRuleException("supplier-mismatch", "purchase order " + commit.purchaseOrder() + " is placed with "
                    + order.supplier() + ", not with " + commit.supplier() + " who sent this commit");
        }
        List<CommittedLine> lines = new ArrayList<>();
        if (commit.lines() == null || commit.lines().isEmpty()) {
            // a header-level commit confirms every line of the order as ordered
            for (BookedOrder.Line ordered : order.lines().values()) {
                BigDecimal quantity = commit.confirmationType() == ConfirmationType.REJECT ? BigDecimal.ZERO : ordered.quantity();
                lines.add(new CommittedLine(ordered.poLine(), commit.confirmationType(), ordered, quantity,
                        ordered.unitOfMeasure(), ordered.needDate(), null));
            }
            return lines;
        }
        LocalDate horizon = commit.confirmedAt().toLocalDate().plusDays(limits.dateHorizonDays());
        for (SupplierCommitChanged.Line line : commit.lines()) {
            BookedOrder.Line ordered = order.lines().get(line.poLine());
            if (ordered == null) {
                throw new BusinessRuleException("unknown-po-line", "purchase order " + commit.purchaseOrder() + " revision "
                        + order.revision() + " has no line " + line.poLine() + " (its lines: "
                        + String.join(", ", order.lines().keySet()) + ")");
            }
            ConfirmationType type = line.confirmationType() != null ? line.confirmationType() : commit.confirmationType();
            String at = "purchase order " + commit.purchaseOrder() + " line " + line.poLine() + ": ";
            BigDecimal quantity = line.confirmedQuantity();
            if (type != ConfirmationType.REJECT && (quantity == null || quantity.signum() <= 0)) {
                throw new BusinessRuleException("implausible-quantity", at + "a " + type + " must commit a quantity above 0, "
                        + "the commit has " + (quantity == null ? "none" : quantity.toPlainString()));
            }
            if (line.unitOfMeasure() != null && !line.unitOfMeasure().equals(ordered.unitOfMeasure())) {
                throw new BusinessRuleException("implausible-quantity", at + "committed in " + line.unitOfMeasure()
                        + " but ordered in " + ordered.unitOfMeasure());
            }
            BigDecimal ceiling = ordered.quantity().multiply(limits.maxQuantityFactor());
            if (quantity != null && quantity.compareTo(ceiling) > 0) {
                throw new BusinessRuleException("implausible-quantity", at + "commits " + quantity.toPlainString() + " "
                        + ordered.unitOfMeasure() + ", more than " + limits.maxQuantityFactor().toPlainString()
                        + " times the ordered " + ordered.quantity().toPlainString());
            }
            LocalDate date = line.deliveryDate() != null ? line.deliveryDate() : line.shipDate();
            for (LocalDate committed : new LocalDate[] { line.deliveryDate(), line.shipDate() }) {
                if (committed == null) {
                    continue;
                }
                if (order.orderDate() != null && committed.isBefore(order.orderDate())) {
                    throw new BusinessRuleException("implausible-date", at + "committed date " + committed
                            + " is before the order date " + order.orderDate());
                }
                if (committed.isAfter(horizon)) {
                    throw new BusinessRuleException("implausible-date", at + "committed date " + committed + " is more than "
                            + limits.dateHorizonDays() + " days after the commit was made (" + commit.confirmedAt().toLocalDate() + ")");
                }
            }
            LocalDate previous = line.previousCommit() != null ? line.previousCommit().deliveryDate() : null;
            lines.add(new CommittedLine(line.poLine(), type, ordered, quantity == null ? BigDecimal.ZERO : quantity,
                    ordered.unitOfMeasure(), date, previous));
        }
        return lines;
    }

    /** The risk of a validated commit by the policy; the first rule that fires on any line decides (see the policy). */
    public static RiskClassification classify(SupplierCommitChanged commit, List<CommittedLine> lines,
            SupplierCommitRiskPolicy policy) {
        if (policy.highRiskConfirmationTypes().contains(commit.confirmationType())) {
            return new RiskClassification(Level.HIGH, "confirmation-type", "the supplier answered " + commit.confirmationType()
                    + " for purchase order " + commit.purchaseOrder());
        }
        for (CommittedLine line : lines) {
            if (policy.highRiskConfirmationTypes().contains(line.confirmationType())) {
                return new RiskClassification(Level.HIGH, "confirmation-type", "line " + line.poLine() + " is "
                        + line.confirmationType());
            }
        }
        for (CommittedLine line : lines) {
            BigDecimal ordered = line.ordered().quantity();
            if (ordered.signum() > 0 && line.committedQuantity().compareTo(ordered) < 0) {
                BigDecimal shortPercent = ordered.subtract(line.committedQuantity()).multiply(BigDecimal.valueOf(100))
                        .divide(ordered, 1, RoundingMode.HALF_UP);
                if (shortPercent.compareTo(policy.shortQuantityTolerancePercent()) > 0) {
                    return new RiskClassification(Level.HIGH, "short-quantity", "line " + line.poLine() + " commits "
                            + line.committedQuantity().toPlainString() + " " + line.unitOfMeasure() + " of "
                            + ordered.toPlainString() + " ordered (" + shortPercent.stripTrailingZeros().toPlainString()
                            + "% short, tolerance " + policy.shortQuantityTolerancePercent().toPlainString() + "%)");
                }
            }
        }
        for (CommittedLine line : lines) {
            LocalDate need = line.ordered().needDate();
            if (line.committedDate() != null && need != null) {
                long late = ChronoUnit.DAYS.between(need, line.committedDate());
                if (late > policy.lateDeliveryToleranceDays()) {
                    return new RiskClassification(Level.HIGH, "late-delivery", "line " + line.poLine() + " is committed for "
                            + line.committedDate() + ", " + late + " days after its need date " + need + " (tolerance "
                            + policy.lateDeliveryToleranceDays() + " days)");
                }
            }
        }
        for (CommittedLine line : lines) {
            if (policy.criticalItems().contains(line.ordered().item())) {
                return new RiskClassification(Level.HIGH, "critical-item", "line " + line.poLine() + " is for critical item "
                        + line.ordered().item());
            }
        }
        return new RiskClassification(Level.LOW, "within-tolerance", "every line is within the policy's tolerances");
    }

    /**
     * Lines whose item the QMS inspects on receipt and whose delivery date the commit moves (from the previous commit's
     * date, or from the need date when there was none).
     */
    public static List<InspectionReschedule> inspectionReschedules(List<CommittedLine> lines, SupplierCommitRiskPolicy policy) {
        List<InspectionReschedule> moves = new ArrayList<>();
        for (CommittedLine line : lines) {
            String item = line.ordered().item();
            LocalDate before = line.previousDate() != null ? line.previousDate() : line.ordered().needDate();
            if (policy.incomingInspectionItems().contains(item) && line.committedDate() != null && before != null
                    && !before.equals(line.committedDate()) && line.confirmationType() != ConfirmationType.REJECT) {
                moves.add(new InspectionReschedule(line.poLine(), item, line.committedQuantity(), line.unitOfMeasure(), before,
                        line.committedDate()));
            }
        }
        return moves;
    }
}
