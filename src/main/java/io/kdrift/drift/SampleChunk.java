package io.kdrift.drift;

/**
 * A run of up to {@link QuantileLearner#CHUNK} buffered values of a signal whose quantile edges are being
 * learned, persisted apart from the model state: while a signal learns, each event changes one chunk, so a
 * commit writes that chunk, not the whole sample. Either a live view of a learner (what is written) or the
 * values read back (what a restore gives).
 */
public final class SampleChunk {
    private final QuantileLearner learner;
    private final int index;
    private final double[] values;
    private final long[] windowStarts;

    private SampleChunk(QuantileLearner learner, int index, double[] values, long[] windowStarts) {
        this.learner = learner;
        this.index = index;
        this.values = values;
        this.windowStarts = windowStarts;
    }

    static SampleChunk view(QuantileLearner learner, int index) {
        return new SampleChunk(learner, index, null, null);
    }

    public static SampleChunk of(double[] values, long[] windowStarts) {
        return new SampleChunk(null, 0, values, windowStarts);
    }

    public int count() {
        if (learner == null) {
            return values.length;
        }
        return Math.max(0, Math.min(QuantileLearner.CHUNK, learner.size - index * QuantileLearner.CHUNK));
    }

    public double value(int i) {
        return learner == null ? values[i] : learner.values[index * QuantileLearner.CHUNK + i];
    }

    public long windowStart(int i) {
        return learner == null ? windowStarts[i] : learner.windowStarts[index * QuantileLearner.CHUNK + i];
    }
}
