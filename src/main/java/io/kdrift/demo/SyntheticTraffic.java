package io.kdrift.demo;

import io.kdrift.codec.JsonObjects;
import java.util.SplittableRandom;

/**
 * Prediction events of two synthetic but plausible models, with a drift injected at a chosen time:
 * <ul>
 *   <li>{@code churn-v3}, a 3-class classifier (stay, downgrade, churn) with probabilities, numeric and
 *       categorical features and a label on about half the events (or, with ids, a truth for a label topic); after the drift, customers spend more,
 *       the plan mix moves towards "basic" and the model predicts churn more often;</li>
 *   <li>{@code price-v1}, a regression model whose numeric prediction is the price of a flat; after the
 *       drift, flats are larger.</li>
 * </ul>
 * Deterministic for a seed, so that samples and tests are reproducible.
 */
public final class SyntheticTraffic {
    private static final String[] CLASSES = {"stay", "downgrade", "churn"};
    private static final String[] PLANS = {"basic", "pro", "enterprise"};
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};

    private final SplittableRandom random;
    private final long driftAt;

    /** @param driftAt event time (epoch ms) from which the drift applies; Long.MAX_VALUE for none */
    public SyntheticTraffic(long seed, long driftAt) {
        this.random = new SplittableRandom(seed);
        this.driftAt = driftAt;
    }

    /** One event of {@code churn-v3} at {@code timestamp}, as JSON bytes. */
    public byte[] churnEvent(long timestamp) {
        return churn(timestamp, null).event();
    }

    /**
     * A prediction of {@code churn-v3} with an id, and its truth for a label topic (null for about half of them: not
     * every prediction learns its truth). After the drift, customers also churn more than the model thinks (the
     * truth's churn logit is 1 higher), so its accuracy and log loss get worse, as concept drift makes them.
     */
    public Prediction churnPrediction(long timestamp, String id) {
        return churn(timestamp, id);
    }

    /** A prediction event and the truth that comes later (null when it never does). */
    public record Prediction(byte[] event, String truth) {
    }

    private Prediction churn(long timestamp, String id) {
        boolean drifted = timestamp >= driftAt;
        double tenure = Math.max(0, gaussian(24, 12));
        double spend = Math.exp(gaussian(drifted ? 4.2 : 3.8, 0.5));
        String plan = PLANS[pick(drifted ? new double[] {0.6, 0.3, 0.1} : new double[] {0.35, 0.45, 0.2})];
        String region = REGIONS[pick(new double[] {0.5, 0.3, 0.2})];
        int tickets = poisson(drifted ? 2.0 : 1.0);
        double[] logits = {
            1.5 + 0.03 * tenure - 0.2 * tickets,
            0.2 + 0.004 * spend,
            -0.5 + 0.35 * tickets + (plan.equals("basic") ? 0.4 : 0) - 0.02 * tenure};
        double[] p = softmax(logits);
        int predicted = argmax(p);
        double[] truth = id != null && drifted ? softmax(new double[] {logits[0], logits[1], logits[2] + 1}) : p;
        String label = random.nextDouble() < 0.5 ? CLASSES[pick(truth)] : null;
        byte[] event = JsonObjects.write(g -> {
            g.writeStringField("model", "churn-v3");
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeNumberField("timestamp", timestamp);
            g.writeStringField("prediction", CLASSES[predicted]);
            g.writeObjectFieldStart("probabilities");
            for (int i = 0; i < CLASSES.length; i++) {
                g.writeNumberField(CLASSES[i], round(p[i], 4));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("features");
            g.writeNumberField("tenure_months", round(tenure, 1));
            g.writeNumberField("monthly_spend", round(spend, 2));
            g.writeStringField("plan", plan);
            g.writeStringField("region", region);
            g.writeNumberField("support_tickets", tickets);
            g.writeEndObject();
            if (label != null) {
                g.writeStringField("label", label);
            }
        });
        return new Prediction(event, label);
    }

    /** One event of {@code price-v1} at {@code timestamp}, as JSON bytes. */
    public byte[] priceEvent(long timestamp) {
        return price(timestamp, null).event();
    }

    /**
     * A prediction of {@code price-v1} with an id, and the price the flat sold for (for about half of them): within
     * about 20,000 of the prediction; after the drift, the market has moved and flats sell 40,000 dearer than predicted.
     */
    public Prediction pricePrediction(long timestamp, String id) {
        return price(timestamp, id);
    }

    private Prediction price(long timestamp, String id) {
        boolean drifted = timestamp >= driftAt;
        double sqm = Math.max(15, gaussian(drifted ? 95 : 70, 20));
        int rooms = Math.max(1, (int) Math.round(sqm / 25 + gaussian(0, 0.7)));
        double price = 2500 * sqm + 8000 * rooms + gaussian(0, 15000);
        boolean balcony = random.nextDouble() < 0.4;
        String truth = id != null && random.nextDouble() < 0.5
                ? Long.toString(Math.round(round(price, 0) + gaussian(drifted ? 40_000 : 0, 20_000))) : null;
        byte[] event = JsonObjects.write(g -> {
            g.writeStringField("model", "price-v1");
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeNumberField("timestamp", timestamp);
            g.writeNumberField("prediction", round(price, 0));
            g.writeObjectFieldStart("features");
            g.writeNumberField("sqm", round(sqm, 1));
            g.writeNumberField("rooms", rooms);
            g.writeBooleanField("balcony", balcony);
            g.writeEndObject();
        });
        return new Prediction(event, truth);
    }

    /** The model a serving layer logs: KServe's payload logger, as CloudEvents in binary mode (docs/inputs.md). */
    public static final String SERVED_MODEL = "iris-v2";
    private static final String[] IRIS = {"setosa", "versicolor", "virginica"};

    /** One prediction of {@link #SERVED_MODEL} as its serving layer logs it: the request's and the response's payloads (V1). */
    public record Served(byte[] request, byte[] response) {
    }

    /**
     * A prediction of {@code iris-v2} at {@code timestamp}: four measurements of a flower and the class a model gives it. After the drift,
     * petals are longer (a new greenhouse): petal_length and the predicted classes shift.
     */
    public Served served(long timestamp) {
        boolean drifted = timestamp >= driftAt;
        int kind = pick(new double[] {0.34, 0.33, 0.33});
        double[] f = {
            round(gaussian(new double[] {5.0, 5.9, 6.6}[kind], 0.35), 1),
            round(gaussian(new double[] {3.4, 2.8, 3.0}[kind], 0.3), 1),
            round(Math.max(0.5, gaussian(new double[] {1.5, 4.3, 5.6}[kind] + (drifted ? 1.2 : 0), 0.4)), 1),
            round(Math.max(0.1, gaussian(new double[] {0.25, 1.3, 2.0}[kind], 0.2)), 1)};
        double[] p = softmax(new double[] {6 - 2.5 * f[2], 1.5 - Math.abs(f[2] - 4.3) * 2, 2.2 * (f[2] - 5)});
        int cls = 0;
        for (int i = 1; i < 3; i++) {
            cls = p[i] > p[cls] ? i : cls;
        }
        byte[] request = JsonObjects.write(g -> {
            g.writeArrayFieldStart("instances");
            g.writeStartArray();
            for (double v : f) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeEndArray();
        });
        String predicted = IRIS[cls];
        byte[] response = JsonObjects.write(g -> {
            g.writeArrayFieldStart("predictions");
            g.writeStartObject();
            g.writeStringField("predict", predicted);
            g.writeArrayFieldStart("predict_proba");
            for (double v : p) {
                g.writeNumber(round(v, 4));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
        });
        return new Served(request, response);
    }

    private double gaussian(double mean, double sd) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private int pick(double[] weights) {
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
