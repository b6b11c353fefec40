package io.kdrift.topology;

import io.kdrift.alert.ModelAlerts;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.SampleChunk;
import io.kdrift.drift.StateCodec;
import io.kdrift.drift.WindowState;
import io.kdrift.performance.LabelJoin;
import io.kdrift.performance.PendingPrediction;
import io.kdrift.performance.PerformanceReference;
import io.kdrift.performance.PerformanceStateCodec;
import io.kdrift.performance.WindowPerformance;
import io.kdrift.state.ExpiryIndex;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of kdrift's state stores: Kafka's {@link Serde} over the binary state formats of the core packages. */
final class StateSerdes {
    static final Serde<ModelState> MODEL = of(StateCodec::encodeModel, StateCodec::decodeModel);
    static final Serde<WindowState> WINDOW = of(StateCodec::encodeWindow, StateCodec::decodeWindow);
    static final Serde<SampleChunk> SAMPLE = of(StateCodec::encodeSample, StateCodec::decodeSample);
    static final Serde<ModelAlerts> ALERTS = of(ModelAlerts::encode, ModelAlerts::decode);
    static final Serde<PendingPrediction> PENDING = of(PerformanceStateCodec::encodePending, PerformanceStateCodec::decodePending);
    static final Serde<ExpiryIndex.ExpiryBucket> EXPIRY_BUCKET = of(PerformanceStateCodec::encodeExpiryBucket,
            PerformanceStateCodec::decodeExpiryBucket);
    static final Serde<LabelJoin.EarlyLabel> EARLY_LABEL = of(PerformanceStateCodec::encodeEarlyLabel, PerformanceStateCodec::decodeEarlyLabel);
    static final Serde<WindowPerformance> PERFORMANCE_WINDOW = of(PerformanceStateCodec::encodeWindow, PerformanceStateCodec::decodeWindow);
    static final Serde<PerformanceReference> PERFORMANCE_REFERENCE = of(PerformanceStateCodec::encodeReference,
            PerformanceStateCodec::decodeReference);
    static final Serde<io.kdrift.inference.RequestJoin.Waiting> WAITING_HALF = of(io.kdrift.codec.WaitingHalfCodec::encode,
            io.kdrift.codec.WaitingHalfCodec::decode);
    /** Stream time: 8 big-endian bytes. */
    static final Serde<Long> CLOCK = Serdes.Long();

    private StateSerdes() {
    }

    private static <V> Serde<V> of(Function<V, byte[]> encode, Function<byte[], V> decode) {
        return Serdes.serdeFrom((topic, value) -> encode.apply(value), (topic, bytes) -> decode.apply(bytes));
    }
}
