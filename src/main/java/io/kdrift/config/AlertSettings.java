package io.kdrift.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alert rules; without a {@code rules} list, kdrift's default rules (see docs/alerts.md).
 *
 * @param runbookUrl where the runbook is, as people reading an alert reach it; every default rule's
 *                   {@code runbook_url} is this plus {@code #rulename} (default http://localhost:8080/runbook: kdrift
 *                   serves its runbook at /runbook; set it to your kdrift's address, or wherever you publish docs/runbook.md)
 * @param prometheusJob the Prometheus job that scrapes kdrift, for the generated rules about kdrift itself
 *                      (KdriftDown and the others; default kdrift)
 */
public record AlertSettings(List<RuleSettings> rules, String runbookUrl, String prometheusJob) {
    public static final String DEFAULT_RUNBOOK_URL = "http://localhost:8080/runbook";

    public static final AlertSettings DEFAULT = new AlertSettings(null, null, null);

    public AlertSettings {
        runbookUrl = runbookUrl == null ? DEFAULT_RUNBOOK_URL : runbookUrl;
        if (!runbookUrl.matches("https?://[^\\s#]+")) {
            throw new ConfigFieldException("runbookUrl", "must be an absolute http(s) URL without a #fragment, got \"" + runbookUrl + "\"");
        }
        prometheusJob = prometheusJob == null ? "kdrift" : prometheusJob;
        if (!prometheusJob.matches("[^\"\\\\]+")) {
            throw new ConfigFieldException("prometheusJob", "must be a job name without quotes or backslashes");
        }
        rules = rules == null ? defaultRules(runbookUrl) : List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (RuleSettings r : rules) {
            if (!names.add(r.name())) {
                throw new ConfigFieldException("rules", "two rules are named " + r.name());
            }
        }
    }

    /**
     * The default rules. Each drift rule asks for both a large divergence and a small p-value on at least 30
     * events a side (as scoring.minCount; the evaluation, docs/evaluation.md, found no false alarm at 30): the
     * p-value keeps small windows from alerting on sampling noise (a raw KL of n events over
     * k bins is biased up by about (k−1)/2n), the divergence keeps huge windows from alerting on shifts
     * too small to matter. docs/alerts.md gives their false-alarm costs.
     */
    public static List<RuleSettings> defaultRules(String runbookUrl) {
        return List.of(
                new RuleSettings("KdriftDrift", "warning",
                        List.of(new ConditionSettings("kl", 0.1, null), new ConditionSettings("pValue", null, 0.001)),
                        30L, 2, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}}/{{signal}} has drifted from its reference",
                                "description", "KL(reference‖current) is {{value}} nats on {{currentCount}} events (p = {{pValue}}), "
                                        + "two windows in a row.",
                                "runbook_url", runbookUrl + "#kdriftdrift"), null),
                new RuleSettings("KdriftSevereDrift", "critical",
                        List.of(new ConditionSettings("psi", 0.5, null), new ConditionSettings("pValue", null, 1e-6)),
                        30L, 1, 3, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}}/{{signal}} has shifted severely",
                                "description", "PSI is {{value}} on {{currentCount}} events (p = {{pValue}}).",
                                "runbook_url", runbookUrl + "#kdriftseveredrift"), null),
                // one verdict per model: its signals tested together (Holm's correction at scoring.familyWiseLevel), so one
                // cause that moves 30 features is one alert, and one window is enough (false alarms are bounded by the level)
                new RuleSettings("KdriftModelDrift", "warning",
                        List.of(new ConditionSettings("signalsDrifted", 0.0, null)),
                        30L, 1, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}}: {{signalsDrifted}} of {{signalsTested}} signals have drifted from the reference",
                                "description", "Drifted (Holm-corrected p at most the family-wise level, PSI above scoring.driftPsi): "
                                        + "{{signals}}.",
                                "runbook_url", runbookUrl + "#kdriftmodeldrift"), null),
                new RuleSettings("KdriftLogLossIncrease", "warning",
                        List.of(new ConditionSettings("logLossIncrease", 0.1, null)),
                        100L, 2, 2, List.of("*"), List.of("log_loss"), Map.of(),
                        Map.of("summary", "{{model}} predicts its labels worse than in the reference",
                                "description", "Log loss is {{value}} nats above the reference's, on {{currentCount}} labelled events.",
                                "runbook_url", runbookUrl + "#kdriftloglossincrease"), null),
                // volume: no p-value, and no minimum count on the current window (a collapse to a few
                // events is the point); the status is insufficient_data for models with fewer than
                // scoring.minCount events per reference window, which the rule then ignores
                new RuleSettings("KdriftVolumeDrop", "warning",
                        List.of(new ConditionSettings("volumeRatio", null, 0.5)),
                        0L, 2, 2, List.of("*"), List.of("events"), Map.of(),
                        Map.of("summary", "{{model}} receives less than half its usual traffic",
                                "description", "{{currentCount}} events in the window, {{value}} times the reference's mean per window.",
                                "runbook_url", runbookUrl + "#kdriftvolumedrop"), null),
                // performance (labels joined by id, docs/performance.md): a window's performance is final once, so one
                // window is enough; the p-value keeps a few labels from alerting, the size of the change keeps millions
                // of labels from alerting on a change too small to matter
                new RuleSettings("KdriftAccuracyDrop", "warning",
                        List.of(new ConditionSettings("classification.accuracyDrop", 0.05, null),
                                new ConditionSettings("classification.accuracyPValue", null, 0.001)),
                        30L, 1, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}} is less accurate than in its reference",
                                "description", "Accuracy is {{classification.accuracy}} against {{classification.referenceAccuracy}} in the "
                                        + "reference, on {{labelled}} labelled predictions (p = {{classification.accuracyPValue}}).",
                                "runbook_url", runbookUrl + "#kdriftaccuracydrop"), null),
                // the estimate, as soon as a window closes and before its labels (docs/performance.md): a drop both large
                // and outside the estimate's sampling uncertainty; it holds while P(label | features) does not change
                new RuleSettings("KdriftEstimatedAccuracyDrop", "warning",
                        List.of(new ConditionSettings("estimated.accuracyDrop", 0.05, null),
                                new ConditionSettings("estimated.accuracyDropZ", 3.0, null)),
                        100L, 1, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}} is estimated to be less accurate than in its reference",
                                "description", "Estimated accuracy is {{estimated.accuracy}} (± {{estimated.accuracyStandardError}}) against "
                                        + "{{estimated.referenceAccuracy}} in the reference, on {{estimated.predictions}} predictions whose labels "
                                        + "have not come yet ({{estimated.accuracyDropZ}} standard errors).",
                                "runbook_url", runbookUrl + "#kdriftestimatedaccuracydrop"), null),
                // once the labels came: the estimate missed by more than its uncertainty allows (concept drift)
                new RuleSettings("KdriftEstimateDisagrees", "info",
                        List.of(new ConditionSettings("estimate.disagrees", 0.5, null)),
                        30L, 1, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}}'s realized accuracy is not what its estimate said",
                                "description", "Realized accuracy is {{classification.accuracy}}, {{estimate.error}} from the estimate made when "
                                        + "the window closed: the relation of labels to features has changed, which the estimate cannot see.",
                                "runbook_url", runbookUrl + "#kdriftestimatedisagrees"), null),
                new RuleSettings("KdriftPerformanceLogLossRise", "warning",
                        List.of(new ConditionSettings("classification.logLossIncrease", 0.1, null),
                                new ConditionSettings("classification.logLossPValue", null, 0.001)),
                        30L, 1, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}}'s probabilities fit its labels worse than in its reference",
                                "description", "Log loss is {{classification.logLoss}} nats against {{classification.referenceLogLoss}} in "
                                        + "the reference, on {{labelled}} labelled predictions (p = {{classification.logLossPValue}}).",
                                "runbook_url", runbookUrl + "#kdriftperformanceloglossrise"), null),
                new RuleSettings("KdriftErrorRise", "warning",
                        List.of(new ConditionSettings("regression.meanAbsoluteErrorRatio", 1.2, null),
                                new ConditionSettings("regression.meanAbsoluteErrorPValue", null, 0.001)),
                        30L, 1, 2, List.of("*"), List.of("*"), Map.of(),
                        Map.of("summary", "{{model}}'s predictions are further from their labels than in its reference",
                                "description", "Mean absolute error is {{regression.meanAbsoluteError}} against "
                                        + "{{regression.referenceMeanAbsoluteError}} in the reference, on {{labelled}} labelled predictions "
                                        + "(p = {{regression.meanAbsoluteErrorPValue}}).",
                                "runbook_url", runbookUrl + "#kdrifterrorrise"), null));
    }
}
