package io.kdrift.event;

/**
 * The ground truth of one prediction, arriving on a label topic (docs/performance.md).
 *
 * @param id        the prediction's id (its {@code id} field)
 * @param label     a class, or a number's text for a regression
 * @param timestamp when the truth became known, epoch milliseconds: the label's event time
 */
public record LabelEvent(String model, String id, String label, long timestamp) {
}
